/** Request bodies and event names of the REST and socket.io APIs, shared by server and client. */
import { z } from 'zod';
import { Limits } from './limits.ts';
import type { IncidentSummary, Person } from './incident.ts';
import type { SingleHolderRole } from './roles.ts';
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

/** `GET /api/incidents/<id>/tokens`: each token with the stakeholder tabs open on it now. */
export interface TokenListing extends TokenInfo {
  viewers: number;
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
  /** The browser session behind this request, if it is one (`GET /api/users/<id>/sessions` lists them). */
  sessionId: string | null;
}

/** A browser session as the server keeps it (never its secret). */
export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
  userAgent: string;
}

/** `GET /api/audit?limit=&before=&action=`: the query, from the URL's strings. */
export const AuditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().positive().optional(),
  action: z.string().max(60).optional(),
});

/** `GET /api/audit`: newest first; pass `before` = `next` for the page after. */
export interface AuditPage {
  entries: Array<{ id: number; at: number; userId: string | null; action: string; target: string | null; detail: string | null }>;
  next: number | null;
}

/** socket.io events. Commands travel as `command` with an acknowledgement callback. */
export interface ServerToClientEvents {
  'lobby:incident': (incident: IncidentSummary) => void;
  /** You are paged for an incident. */
  page: (page: PageRecord & { incidentId: string; title: string; severity: string }) => void;
  /** A stakeholder update is overdue in an incident where you hold comms (or command). */
  reminder: (reminder: { incidentId: string; title: string; overdueSince: number }) => void;
  /** Someone took over or was given a role you held (role rescue). */
  'role:taken': (notice: RoleTakenNotice) => void;
  /** Sent when the server revokes the token or session behind this socket. */
  'access:revoked': (reason: string) => void;
}

export interface ClientToServerEvents {
  command: (command: unknown, reply: (reply: CommandReply) => void) => void;
  'lobby:watch': (reply: (reply: CommandReply<IncidentSummary[]>) => void) => void;
}

/** What the previous holder of a role is told when it is reassigned or taken over. */
export interface RoleTakenNotice {
  incidentId: string;
  title: string;
  role: SingleHolderRole;
  to: Person;
  by: Person;
  reason: 'reassigned' | 'away';
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
