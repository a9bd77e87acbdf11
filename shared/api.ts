/** Request bodies and event names of the REST and socket.io APIs, shared by server and client. */
import type { FieldValue } from './incidentModel.ts';
import { z } from 'zod';
import { Limits } from './limits.ts';
import type { IncidentSummary, Person } from './incident.ts';
import type { SingleHolderRole } from './roles.ts';
import type { IncidentEvent, IncidentEventType, PageRecord, RoleHolder, SmeEntry } from './documents.ts';
import type { CommandReply } from './commands.ts';
import type { RoomlessPageView } from './pages.ts';
import type { PublishedPostmortem } from './postmortem.ts';

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
  /** Custom field values by key (issue 17): every one for responders, the public ones for stakeholder links. */
  fields: Record<string, FieldValue>;
}

/** `GET /api/incidents/<id>/fields` (issue 17): as in IncidentDetail, and the revision they are at. */
export interface IncidentFieldValues {
  revision: number;
  fields: Record<string, FieldValue>;
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
  /** An incident this lobby may no longer show (it became private to others). */
  'lobby:removed': (incidentId: string) => void;
  /** You are paged for an incident. */
  page: (page: PageRecord & { incidentId: string; title: string; severity: string }) => void;
  /** You are paged without a room (issue 19): a low-urgency alert. */
  roomlessPage: (page: RoomlessPageView) => void;
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

export interface SeverityMetrics {
  incidents: number;
  open: number;
  timeToAcknowledge: DurationStats;
  /** Until the status first reached the mitigated or resolved category (issue 17). */
  timeToMitigate: DurationStats;
  timeToResolve: DurationStats;
  /**
   * From the impact window of published postmortems (issue 20): detected − started, and
   * resolved − started, over the incidents whose postmortem set both ends.
   */
  timeToDetect: DurationStats;
  impactDuration: DurationStats;
}

/**
 * `GET /api/metrics`: time to acknowledge, mitigate and resolve, by severity (severity as it is
 * now). `severities` orders the keys: the model's, most severe first, then any only older
 * incidents use.
 */
export interface IncidentMetrics {
  incidents: number;
  severities: string[];
  bySeverity: Record<string, SeverityMetrics>;
}

/** `GET /api/users`: people who can be picked; `email` only where two share a name (issue 13). */
export interface UserListing extends Person {
  email?: string;
}

/** `GET /api/session-options` (public): which ways of signing in this server offers. */
export interface SessionOptions {
  /** Single sign-on through the organisation's OpenID provider, started at `loginUrl`. */
  oidc: { providerName: string; loginUrl: string } | null;
  /** Whether team invite links sign people in (INVITES). */
  invites: boolean;
}

/** `DELETE /api/session`: where to send the browser to end the provider's session too, if anywhere. */
export interface SignedOut {
  logoutUrl: string | null;
}

/** `POST /api/session/device-link`: a one-time link that signs another device in as the same person. */
export interface DeviceLink {
  url: string;
  expiresAt: number;
}

export const UseDeviceLink = z.strictObject({
  token: z.string().min(1, 'is required').max(200),
});
export type UseDeviceLink = z.infer<typeof UseDeviceLink>;

/** The one-time link a chat bot sends to link a chat account (issue 14), looked at or spent. */
export const ChatLinkRequest = z.strictObject({
  token: z.string().min(1, 'is required').max(200),
});
export type ChatLinkRequest = z.infer<typeof ChatLinkRequest>;

/** What a chat link would link: shown to the signed-in person before they confirm. */
export interface ChatLinkInfo {
  /** Slack, Mattermost */
  toolName: string;
  /** Their name in the chat tool. */
  chatName: string;
}

export interface ChatLinkDone extends ChatLinkInfo {
  /** The account the chat user acts as from now on. */
  account: { id: string; name: string };
}

/**
 * Why a sign-in through the provider ended without a session; the callback sends the browser to
 * `/sign-in/refused?reason=…` and the client says it in words.
 */
export const SIGN_IN_REFUSALS = ['not-in-group', 'deactivated', 'expired', 'failed', 'cancelled'] as const;
export type SignInRefusal = (typeof SIGN_IN_REFUSALS)[number];

/** `GET /api/people` (admins): every person's account, for people administration (issue 13). */
export interface PersonAccount {
  id: string;
  name: string;
  email: string | null;
  /** The OpenID issuer the account comes from, or "invite". */
  issuer: string;
  admin: boolean;
  createdAt: number;
  lastSignInAt: number | null;
  deactivatedAt: number | null;
}

/** `POST /api/people/<id>/deactivate`: what deactivating did. */
export interface Deactivation {
  person: PersonAccount;
  sessionsRevoked: number;
  rolesReleased: Array<{ incidentId: string; role: SingleHolderRole }>;
}

/**
 * Timeline event types an event webhook may subscribe to (issue 14): every one, checked against
 * IncidentEvent so a new event type cannot be left out.
 */
export const WEBHOOK_EVENT_TYPES = [
  'declared',
  'role.claimed',
  'role.released',
  'role.handedOff',
  'role.reassigned',
  'role.takenOver',
  'sme.added',
  'sme.removed',
  'severity.changed',
  'status.changed',
  'update.published',
  'acknowledged',
  'transcript.visibility',
  'privacy.changed',
  'member.added',
  'member.removed',
  'role.assigned',
  'paged',
  'escalated',
  'update.reminder',
  'alert.firing',
  'heartbeat.missed',
  'heartbeat.resumed',
  'alert.resolved',
  'alert.acknowledged',
  'field.changed',
  'notification',
  'statusPage.changed',
  'statusUpdate.published',
  'followUp.added',
  'postmortem.published',
] as const satisfies readonly IncidentEventType[];
// Fails to compile when IncidentEvent gains a type that is not listed above.
const everyEventType: Record<Exclude<IncidentEventType, (typeof WEBHOOK_EVENT_TYPES)[number]>, never> = {};
void everyEventType;

/** `POST /api/webhooks` (admins and the API token): `events` are timeline event types, or "*" for all. */
export const CreateEventWebhook = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: () => 'must be an http:// or https:// URL' }).max(2000),
  events: z.array(z.enum([...WEBHOOK_EVENT_TYPES, '*'])).min(1, 'must name at least one event type').max(WEBHOOK_EVENT_TYPES.length + 1),
  /** The signing secret; one is generated when omitted. */
  secret: z.string().min(16, 'must be at least 16 characters').max(200).optional(),
});
export type CreateEventWebhook = z.infer<typeof CreateEventWebhook>;

/** An event webhook subscription as listed; its secret is shown only once, when it is created. */
export interface EventWebhook {
  id: string;
  url: string;
  events: string[];
  createdBy: string;
  createdAt: number;
}

/** What `POST /api/webhooks` answers: the subscription and its signing secret. */
export interface CreatedEventWebhook extends EventWebhook {
  secret: string;
}

/**
 * The JSON body of one event webhook delivery. `id` is also the `Webhook-Id` header: the same
 * for every attempt at the same delivery, for receivers to drop repeats (delivery is at least
 * once). A private incident's title is "a private incident" (issue 13).
 */
export interface EventWebhookBody {
  id: string;
  type: IncidentEventType;
  incident: { id: string; title: string; severity: string; status: string };
  event: IncidentEvent;
}

export const DeliveriesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.coerce.number().int().positive().optional(),
});

/** One delivery of an event webhook: pending (waiting for its first or next attempt), delivered or failed (given up). */
export interface WebhookDelivery {
  id: number;
  eventType: string | null;
  incidentId: string | null;
  createdAt: number;
  outcome: 'pending' | 'delivered' | 'failed';
  attempts: number;
  /** When the next attempt is due, while pending. */
  nextAttemptAt: number | null;
  lastStatus: number | null;
  lastError: string | null;
  endedAt: number | null;
}

/** `GET /api/webhooks/<id>/deliveries`: newest first; pass `before` = `next` for the page after. */
export interface WebhookDeliveryPage {
  deliveries: WebhookDelivery[];
  next: number | null;
}

/** A row of `GET /api/postmortems` (issue 20): who published it, by the name the server knows now. */
export interface PublishedPostmortemListing extends PublishedPostmortem {
  publishedBy: Person | null;
}
