/**
 * Every command a responder or automation can issue, as zod schemas. The server validates
 * with these before touching anything; the client uses the same types to build commands.
 * Objects are strict: unknown keys (including `__proto__`) are refused, not ignored.
 */
import { z } from 'zod';
import { INCIDENT_ID_PATTERN } from './incident.ts';
import { ENTRY_KINDS } from './documents.ts';
import type { IncidentMember, IncidentSummary, Person } from './incident.ts';
import type { FieldValue } from './incidentModel.ts';
import type { PageRecord, RoleHolder, SmeEntry, StakeholderUpdate } from './documents.ts';
import { Limits } from './limits.ts';
import { PUBLIC_INCIDENT_STATUSES, StatusPageLimits } from './statusPage.ts';
import type { PublicStatusUpdate } from './statusPage.ts';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const incidentId = z.string().regex(INCIDENT_ID_PATTERN, 'is not an incident id');
/**
 * Severities, statuses, roles, types and fields are the incident model's (issue 17): here only
 * their shape; each handler checks the key against the definitions the incident was declared with.
 */
const modelKey = z.string().min(1, 'must not be empty').max(32, 'must be at most 32 characters');
const severity = modelKey;
const status = modelKey;
const role = modelKey;
const fieldValue = z.union([
  z.string().max(2000, 'must be at most 2,000 characters'),
  z.number().refine(Number.isFinite, 'must be a finite number'),
  z.array(z.string().max(80)).max(100),
]) satisfies z.ZodType<FieldValue>;
const fieldValues = z.record(modelKey, fieldValue).refine((v) => Object.keys(v).length <= 50, 'at most 50 fields');

export const DeclareIncident = z.strictObject({
  type: z.literal('declare'),
  title: text(Limits.titleLength),
  /** The type's default severity when absent (issue 17). */
  severity: severity.optional(),
  service: text(Limits.nameLength).nullish(),
  summary: z.string().max(Limits.summaryLength).optional(),
  hideTranscript: z.boolean().optional(),
  /** Only members see it (issue 13). */
  private: z.boolean().optional(),
  links: z
    .array(z.strictObject({ label: text(Limits.nameLength), url: z.url({ protocol: /^https?$/ }).max(2000) }))
    .max(20)
    .optional(),
  /** The incident type's key in the model (issue 17); the model's first type when absent. */
  incidentType: modelKey.optional(),
  /** Custom field values, by field key (issue 17). */
  fields: fieldValues.optional(),
  /** On the public status page from the start (issue 21); never with `private`. */
  statusPage: z.boolean().optional(),
});

export const ClaimRole = z.strictObject({ type: z.literal('claimRole'), incidentId, role });
export const ReleaseRole = z.strictObject({ type: z.literal('releaseRole'), incidentId, role });
export const HandOffRole = z.strictObject({
  type: z.literal('handOffRole'),
  incidentId,
  role,
  toUserId: text(Limits.idLength),
  note: z.string().max(Limits.noteLength).default(''),
});
/** The commander or the API token gives a role to someone, whoever holds it now (issue 12). */
export const AssignRole = z.strictObject({
  type: z.literal('assignRole'),
  incidentId,
  role,
  toUserId: text(Limits.idLength),
  note: z.string().max(Limits.noteLength).default(''),
});
/**
 * Takes a role from a holder who has been away (shared/roles.ts, takeOverRefusal). A person takes
 * it for themselves; the API token names who gets it.
 */
export const TakeOverRole = z.strictObject({
  type: z.literal('takeOverRole'),
  incidentId,
  role,
  toUserId: text(Limits.idLength).optional(),
});
export const AddSme = z.strictObject({
  type: z.literal('addSme'),
  incidentId,
  name: text(Limits.nameLength),
  domain: text(Limits.nameLength),
  userId: text(Limits.idLength).nullish(),
});
export const RemoveSme = z.strictObject({ type: z.literal('removeSme'), incidentId, smeId: text(Limits.idLength) });
/** Pages an SME listed in the incident: by their entry id, or the first listed for a domain. */
export const PageSme = z.strictObject({
  type: z.literal('pageSme'),
  incidentId,
  smeId: text(Limits.idLength).optional(),
  domain: text(Limits.nameLength).optional(),
});
export const SetSeverity = z.strictObject({ type: z.literal('setSeverity'), incidentId, severity });
export const SetStatus = z.strictObject({ type: z.literal('setStatus'), incidentId, status });
/** Sets a custom field (issue 17), or clears it with null. */
export const SetField = z.strictObject({ type: z.literal('setField'), incidentId, field: modelKey, value: fieldValue.nullable() });
export const PublishUpdate = z.strictObject({
  type: z.literal('publishUpdate'),
  incidentId,
  text: text(Limits.updateLength),
});
export const Acknowledge = z.strictObject({ type: z.literal('acknowledge'), incidentId });
export const SetTranscriptVisibility = z.strictObject({
  type: z.literal('setTranscriptVisibility'),
  incidentId,
  hidden: z.boolean(),
});

/** Private to its members, or open to every responder (issue 13): as setTranscriptVisibility. */
export const SetPrivacy = z.strictObject({ type: z.literal('setPrivacy'), incidentId, private: z.boolean() });
/** Members add and remove members (issue 13). */
export const AddMember = z.strictObject({ type: z.literal('addMember'), incidentId, userId: text(Limits.idLength) });
export const RemoveMember = z.strictObject({ type: z.literal('removeMember'), incidentId, userId: text(Limits.idLength) });
/**
 * A transcript entry written by the server as the caller (issue 14): how chat and other doors
 * add to the transcript without writing a document themselves. `at` is when it was said (a
 * pinned chat message keeps its own time); the server's clock when absent.
 */
export const AddTranscriptEntry = z.strictObject({
  type: z.literal('addTranscriptEntry'),
  incidentId,
  text: text(Limits.noteLength),
  kind: z.enum(ENTRY_KINDS, { error: () => `must be one of ${ENTRY_KINDS.join(', ')}` }).optional(),
  at: z.number().optional(),
});
/**
 * Puts the incident on the status page or takes it off (issue 21): as setSeverity; never a private
 * one. `title` is what the page calls it, written for customers; its own title when absent.
 */
export const SetStatusPage = z.strictObject({
  type: z.literal('setStatusPage'),
  incidentId,
  statusPage: z.boolean(),
  title: text(Limits.titleLength).optional(),
});
/**
 * An update written for the public status page (issue 21), kept apart from stakeholder updates;
 * `status` is Statuspage's incident status, the last one's when absent.
 */
export const PublishStatusUpdate = z.strictObject({
  type: z.literal('publishStatusUpdate'),
  incidentId,
  text: text(StatusPageLimits.updateLength),
  status: z.enum(PUBLIC_INCIDENT_STATUSES, { error: () => `must be one of ${PUBLIC_INCIDENT_STATUSES.join(', ')}` }).optional(),
});

export const COMMAND_TYPES = [
  'declare',
  'claimRole',
  'releaseRole',
  'handOffRole',
  'assignRole',
  'takeOverRole',
  'addSme',
  'removeSme',
  'pageSme',
  'setSeverity',
  'setStatus',
  'setField',
  'publishUpdate',
  'acknowledge',
  'setTranscriptVisibility',
  'setPrivacy',
  'addMember',
  'removeMember',
  'addTranscriptEntry',
  'setStatusPage',
  'publishStatusUpdate',
] as const;

export const Command = z.discriminatedUnion(
  'type',
  [
    DeclareIncident,
    ClaimRole,
    ReleaseRole,
    HandOffRole,
    AssignRole,
    TakeOverRole,
    AddSme,
    RemoveSme,
    PageSme,
    SetSeverity,
    SetStatus,
    SetField,
    PublishUpdate,
    Acknowledge,
    SetTranscriptVisibility,
    SetPrivacy,
    AddMember,
    RemoveMember,
    AddTranscriptEntry,
    SetStatusPage,
    PublishStatusUpdate,
  ],
  { error: () => `must be one of ${COMMAND_TYPES.join(', ')}` },
);
export type Command = z.infer<typeof Command>;
export type CommandType = Command['type'];
export type CommandInput = z.input<typeof Command>;
export type IncidentCommand = Exclude<Command, { type: 'declare' }>;

/** What each command answers on success. */
export interface CommandResults {
  declare: { incident: IncidentSummary };
  claimRole: { holder: RoleHolder };
  releaseRole: { released: true };
  handOffRole: { holder: RoleHolder };
  assignRole: { holder: RoleHolder };
  takeOverRole: { holder: RoleHolder };
  addSme: { sme: SmeEntry };
  removeSme: { removed: true };
  pageSme: { page: PageRecord };
  setSeverity: { severity: IncidentSummary['severity'] };
  setStatus: { status: IncidentSummary['status'] };
  setField: { field: string; value: FieldValue | null };
  publishUpdate: { update: StakeholderUpdate };
  acknowledge: { acknowledgedAt: number };
  setTranscriptVisibility: { hidden: boolean };
  setPrivacy: { private: boolean };
  addMember: { member: IncidentMember };
  removeMember: { removed: true };
  addTranscriptEntry: { entryId: string };
  setStatusPage: { statusPage: boolean };
  publishStatusUpdate: { update: PublicStatusUpdate };
}

export const ERROR_CODES = ['invalid', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'rate_limited', 'internal', 'unavailable'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

export interface CommandErrorBody {
  code: ErrorCode;
  message: string;
  /** For a refused claim: who holds the role. */
  holder?: Person;
}

export type CommandReply<T = unknown> = { ok: true; data: T } | { ok: false; error: CommandErrorBody };

/** One line per zod issue, naming the field, so a refusal says exactly what was wrong. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length ? issue.path.join('.') : 'body';
      if (issue.code === 'invalid_type' && issue.input === undefined) return `${where} is required`;
      if (issue.code === 'unrecognized_keys') return `unknown field(s): ${issue.keys.join(', ')}`;
      return `${where} ${issue.message}`;
    })
    .join('; ');
}
