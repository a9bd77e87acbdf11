/**
 * The Yjs documents of an incident and the schema of every root type.
 *
 * Each incident has three documents:
 * - the responder document, named exactly by the incident id, which responders' clients
 *   co-edit directly (transcript, action items, notes);
 * - the state document, `<id>.state`, which only the server writes: roles, SMEs, severity,
 *   status, the event timeline, stakeholder updates and who wrote what. Every client
 *   connection to it is read-only, so arbitrated state can only change through commands;
 * - the postmortem document, `<id>.postmortem` (issue 20, roots in shared/postmortem.ts),
 *   which responders co-edit and stakeholders never see.
 */
import type { IncidentStatus, Person, Severity } from './incident.ts';
import type { FieldValue, IncidentDefinitions, StatusCategory } from './incidentModel.ts';
import type { AlertSource } from './alerts.ts';
import type { SingleHolderRole } from './roles.ts';

const STATE_SUFFIX = '.state';
const POSTMORTEM_SUFFIX = '.postmortem';

export function responderDocName(incidentId: string): string {
  return incidentId;
}

export function stateDocName(incidentId: string): string {
  return incidentId + STATE_SUFFIX;
}

export function postmortemDocName(incidentId: string): string {
  return incidentId + POSTMORTEM_SUFFIX;
}

export type DocumentKind = 'responder' | 'state' | 'postmortem';

export function parseDocName(name: string): { incidentId: string; kind: DocumentKind } {
  if (name.endsWith(STATE_SUFFIX)) return { incidentId: name.slice(0, -STATE_SUFFIX.length), kind: 'state' };
  if (name.endsWith(POSTMORTEM_SUFFIX)) return { incidentId: name.slice(0, -POSTMORTEM_SUFFIX.length), kind: 'postmortem' };
  return { incidentId: name, kind: 'responder' };
}

/** Root types of the responder document. Anything else written there is refused. */
export const ResponderRoot = {
  /** Y.Array<Y.Map>: TranscriptEntryFields, with `text` a Y.Text. */
  transcript: 'transcript',
  /** Y.Array<Y.Map>: ActionItemFields, with `title` a Y.Text. */
  actions: 'actions',
  /** Y.Text: free-form shared notes. */
  notes: 'notes',
  /** Y.Map<Y.Array<Y.Map>>: per role, checklist items { id, text: string, done: boolean }. */
  checklists: 'checklists',
} as const;
export const RESPONDER_ROOTS: readonly string[] = Object.values(ResponderRoot);

/** The shape of each responder root: a map's entries carry a key, a list's and a text's do not. */
export const RESPONDER_ROOT_KEYED: Record<string, boolean> = {
  [ResponderRoot.transcript]: false,
  [ResponderRoot.actions]: false,
  [ResponderRoot.notes]: false,
  [ResponderRoot.checklists]: true,
};

/**
 * Fields of the responder document's maps that hold a time (milliseconds since the epoch):
 * wherever they are written, the server admits only times in `TimeRange` (shared/limits.ts).
 */
export const RESPONDER_TIME_FIELDS: readonly string[] = ['at', 'createdAt'];

/** Who said the alert pipeline is alive: Alertmanager's Watchdog, `POST /api/heartbeat`, or nobody yet since the switch was armed. */
export type HeartbeatSource = 'alertmanager' | 'api' | 'armed';

/** A heartbeat's source in words, for the timeline and the export. */
export function heartbeatSource(via: HeartbeatSource): string {
  return via === 'alertmanager' ? "Alertmanager's Watchdog alert" : via === 'api' ? 'POST /api/heartbeat' : 'none since the switch was armed';
}

export const ENTRY_KINDS = ['note', 'action', 'decision', 'question'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** Plain fields of a transcript entry (the Y.Map also holds `text: Y.Text`). */
export interface TranscriptEntryFields {
  id: string;
  /** Milliseconds since the epoch, as the writer's clock saw it. */
  at: number;
  kind: EntryKind | string;
}

export const ACTION_STATUSES = ['open', 'done'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** Plain fields of an action item (the Y.Map also holds `title: Y.Text`). */
export interface ActionItemFields {
  id: string;
  /** A user id from the state document's `people`, or null. */
  owner: string | null;
  status: ActionStatus;
  createdAt: number;
}

/** Root types of the state document (server-written only). */
export const StateRoot = {
  /** Y.Map<IncidentMeta[keyof IncidentMeta]> */
  meta: 'meta',
  /** Y.Map<RoleHolder>, keyed by single-holder role */
  roles: 'roles',
  /** Y.Map<SmeEntry>, keyed by SME id */
  smes: 'smes',
  /** Y.Array<IncidentEvent>: the timeline, append-only */
  events: 'events',
  /** Y.Array<StakeholderUpdate>: published updates, oldest first */
  updates: 'updates',
  /** Y.Map<Person>, keyed by user id: everyone who took part, names as the server knows them */
  people: 'people',
  /** Y.Map<string>: Yjs client id (decimal) to the user id whose connection first wrote with it */
  clients: 'clients',
  /**
   * Y.Map<number>: user id to the Yjs client id the server writes with for that person in the
   * responder document (transcript entries from chat, issue 14); also bound in `clients`.
   */
  doorClients: 'doorClients',
  /** Y.Array<AlertRecord>: alerts from monitoring attached to this incident */
  alerts: 'alerts',
  /** Y.Array<PageRecord>: who was paged, why, and whether they acknowledged */
  pages: 'pages',
  /**
   * Y.Map<FieldValue>: the values of the incident's public custom fields (issue 17). The others
   * are seen only by responders (GET /api/incidents/<id>/fields): this document reaches stakeholders.
   */
  publicFields: 'publicFields',
} as const;

export interface IncidentMeta {
  id: string;
  title: string;
  summary: string;
  service: string | null;
  severity: Severity;
  status: IncidentStatus;
  createdAt: number;
  createdBy: Person;
  acknowledgedAt: number | null;
  acknowledgedBy: Person | null;
  resolvedAt: number | null;
  /** When the status first reached the mitigated or resolved category (issue 17); absent before. */
  mitigatedAt?: number | null;
  /** When true, stakeholders do not see the transcript. */
  hideTranscript: boolean;
  /** When the next stakeholder update is due, by the severity's cadence; null once resolved. */
  nextUpdateDue: number | null;
  /** Runbooks, dashboards and alert sources. */
  links: IncidentLink[];
  /** Only members see it (issue 13); absent in incidents declared before there were private ones. */
  private?: boolean;
  /** A drill replaying a past incident (issue 22): kept out of metrics, pages and announcements. */
  practice?: boolean;
  /**
   * The category of `status` (issue 17), which every rule reads instead of the status's name;
   * absent in incidents declared before the model: read it with `statusCategoryOf`.
   */
  statusCategory?: StatusCategory;
  /** The model this incident was declared with; absent before the model (the default's then). */
  definitions?: IncidentDefinitions;
  /** Counts changes of custom field values, so responders' views know to fetch them again. */
  fieldsRevision?: number;
  /** On the public status page (issue 21); absent in incidents declared before there was one. */
  statusPage?: boolean;
  /** What the status page calls it (issue 21), when not its title. */
  statusPageTitle?: string;
}

export interface IncidentLink {
  label: string;
  url: string;
}

export type PageReason = 'declared' | 'escalation' | 'sme';

export interface PageRecord {
  id: string;
  at: number;
  target: Person;
  reason: PageReason;
  domain: string | null;
  acknowledgedAt: number | null;
}

export interface AlertRecord {
  source: AlertSource;
  fingerprint: string;
  status: 'firing' | 'resolved';
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string | null;
  endsAt: string | null;
  receivedAt: number;
}

export interface RoleHolder extends Person {
  since: number;
}

export interface SmeEntry {
  id: string;
  name: string;
  domain: string;
  /** The responder's user id when the SME is a known user. */
  userId: string | null;
  addedAt: number;
}

export interface StakeholderUpdate {
  id: string;
  at: number;
  text: string;
  status: IncidentStatus;
  severity: Severity;
  author: Person;
}

interface EventBase {
  id: string;
  at: number;
  actor: Person;
}

export type IncidentEvent = EventBase &
  (
    | { type: 'declared'; title: string; severity: Severity }
    | { type: 'role.claimed'; role: SingleHolderRole }
    | { type: 'role.released'; role: SingleHolderRole; holder: Person }
    | { type: 'role.handedOff'; role: SingleHolderRole; from: Person; to: Person; note: string }
    /** The commander (or the API token) gave a role to someone, whoever held it. */
    | { type: 'role.reassigned'; role: SingleHolderRole; from: Person | null; to: Person; note: string }
    /** A role taken from a holder who had been away (no live connection) for `awayMs`. */
    | { type: 'role.takenOver'; role: SingleHolderRole; from: Person; to: Person; awayMs: number }
    | { type: 'sme.added'; sme: SmeEntry }
    | { type: 'sme.removed'; sme: SmeEntry }
    | { type: 'severity.changed'; from: Severity; to: Severity }
    | { type: 'status.changed'; from: IncidentStatus; to: IncidentStatus; category?: StatusCategory }
    /** A custom field changed (issue 17); the value only for a public field, as this timeline reaches stakeholders. */
    | { type: 'field.changed'; field: string; name: string; public: boolean; value?: FieldValue | null }
    | { type: 'update.published'; updateId: string }
    | { type: 'acknowledged' }
    | { type: 'transcript.visibility'; hidden: boolean }
    /** Made private to its members, or open to every responder again (issue 13). */
    | { type: 'privacy.changed'; private: boolean }
    | { type: 'member.added'; member: Person }
    | { type: 'member.removed'; member: Person }
    /** Put on the public status page, or taken off it (issue 21). */
    | { type: 'statusPage.changed'; statusPage: boolean; title?: string }
    /** An update written for the public status page (issue 21); the page and its subscribers show it. */
    | { type: 'statusUpdate.published'; updateId: string; text: string; status: import('./statusPage.ts').PublicIncidentStatus }
    /** From the roster's fixed on-call people, or the on-call people of an escalation policy's schedules (issue 18). */
    | { type: 'role.assigned'; role: SingleHolderRole; holder: Person; source: 'roster' | 'schedule' }
    | { type: 'paged'; target: Person; reason: PageReason; domain: string | null }
    | { type: 'escalated'; from: Person | null; to: Person | null; afterMs: number }
    | { type: 'update.reminder'; to: Person | null; overdueSince: number }
    | { type: 'alert.firing'; source: AlertRecord['source']; names: string[]; count: number }
    /** The dead man's switch: no heartbeat since `lastAt` (from `via`; "armed" if none ever came). */
    | { type: 'heartbeat.missed'; lastAt: number; via: HeartbeatSource }
    /** Heartbeats are back after `silentMs` without one. */
    | { type: 'heartbeat.resumed'; via: Exclude<HeartbeatSource, 'armed'>; silentMs: number }
    | { type: 'alert.resolved'; source: AlertRecord['source']; names: string[]; count: number }
    /** The sender says someone is on the alert (PagerDuty's `acknowledge`); the incident stays unacknowledged (issue 19). */
    | { type: 'alert.acknowledged'; source: AlertRecord['source']; names: string[]; count: number }
    /**
     * After the incident (issues 20, 21): a follow-up added (its title stays with the follow-up,
     * out of this document, which stakeholder links sync) and the postmortem published.
     */
    | { type: 'followUp.added'; followUpId: string }
    | { type: 'postmortem.published' }
    /**
     * One attempt to reach a paged person through a contact method (issue 18), with its outcome;
     * `step` is the notification rule's place, `address` masked; `method` is null for a method
     * removed since the person was paged.
     */
    | {
        type: 'notification';
        target: Person;
        pageId: string;
        step: number;
        method: import('./notifications.ts').ContactMethodType | null;
        address: string | null;
        outcome: import('./notifications.ts').NotificationOutcome;
        detail: string | null;
      }
  );

export type IncidentEventType = IncidentEvent['type'];
