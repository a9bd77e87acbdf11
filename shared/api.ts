/** Request bodies and event names of the REST and socket.io APIs, shared by server and client. */
import { z } from 'zod';
import { Limits } from './limits.ts';
import type { IncidentSummary } from './incident.ts';
import type { PageRecord, RoleHolder, SmeEntry } from './documents.ts';
import type { CommandReply } from './commands.ts';

export const CreateToken = z.strictObject({
  access: z.enum(['responder', 'stakeholder'], { error: () => 'must be "responder" or "stakeholder"' }),
  name: z.string().trim().min(1, 'must not be empty').max(Limits.nameLength),
  /** Lifetime in seconds; omitted means the token lasts until revoked. */
  expiresInSeconds: z.number().int().positive().max(366 * 24 * 3600).optional(),
});
export type CreateToken = z.infer<typeof CreateToken>;

export const SignIn = z.strictObject({
  invite: z.string().min(1, 'is required').max(200),
  name: z.string().trim().min(1, 'must not be empty').max(Limits.nameLength),
});
export type SignIn = z.infer<typeof SignIn>;

export const CreateInvite = z.strictObject({
  expiresInSeconds: z.number().int().positive().max(366 * 24 * 3600).optional(),
});

export interface TokenInfo {
  id: string;
  access: 'responder' | 'stakeholder' | 'invite';
  name: string;
  incidentId: string | null;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
}

export interface IncidentDetail extends IncidentSummary {
  summary: string;
  hideTranscript: boolean;
  roles: Partial<Record<string, RoleHolder>>;
  smes: SmeEntry[];
}

export interface SessionInfo {
  userId: string;
  name: string;
  access: 'admin' | 'responder' | 'stakeholder';
  incidentId: string | null;
}

/** socket.io events. Commands travel as `command` with an acknowledgement callback. */
export interface ServerToClientEvents {
  'lobby:incident': (incident: IncidentSummary) => void;
  /** You are paged for an incident. */
  page: (page: PageRecord & { incidentId: string; title: string; severity: string }) => void;
  /** A stakeholder update is overdue in an incident where you hold comms (or command). */
  reminder: (reminder: { incidentId: string; title: string; overdueSince: number }) => void;
  /** Sent when the server revokes the token or session behind this socket. */
  'access:revoked': (reason: string) => void;
}

export interface ClientToServerEvents {
  command: (command: unknown, reply: (reply: CommandReply) => void) => void;
  'lobby:watch': (reply: (reply: CommandReply<IncidentSummary[]>) => void) => void;
}

export const SESSION_COOKIE = 'ir_session';

export interface DurationStats {
  count: number;
  meanMs: number | null;
  medianMs: number | null;
  p90Ms: number | null;
}

/** `GET /api/metrics`: time to acknowledge and to resolve, by severity (severity as it is now). */
export interface IncidentMetrics {
  incidents: number;
  bySeverity: Record<'SEV1' | 'SEV2' | 'SEV3' | 'SEV4', { incidents: number; open: number; timeToAcknowledge: DurationStats; timeToResolve: DurationStats }>;
}
