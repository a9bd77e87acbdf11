/**
 * Identifiers of an incident, and the default model's severities and statuses. A team's own
 * come from its incident model (shared/incidentModel.ts): a severity or a status is the key of
 * one of the definitions the incident was declared with.
 */
import type { StatusCategory } from './incidentModel.ts';

export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
/** A severity's key in the incident's model, e.g. "SEV1". */
export type Severity = string;

export const SEVERITY_MEANING: Record<(typeof SEVERITIES)[number], string> = {
  SEV1: 'Critical: customer-facing outage',
  SEV2: 'Major: significant degradation',
  SEV3: 'Minor: limited impact',
  SEV4: 'Low: no customer impact yet',
};

export const STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
/** A status's key in the incident's model; its category (shared/incidentModel.ts) is what rules read. */
export type IncidentStatus = string;

/** Incident ids are short, URL-safe and double as the responder document's name. */
export const INCIDENT_ID_PATTERN = /^inc-[a-z0-9]{8}$/;

export function isIncidentId(value: string): boolean {
  return INCIDENT_ID_PATTERN.test(value);
}

/** A person as the server knows them; names are never taken from what a client writes into a document. */
export interface Person {
  id: string;
  name: string;
}

/** One row of the lobby: what responders need to pick the right room. */
export interface IncidentSummary {
  id: string;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  /** What the status means to rules, metrics and views (issue 17), whatever the team calls it. */
  statusCategory: StatusCategory;
  /** The incident type's key in the model (issue 17). */
  type: string;
  service: string | null;
  commander: Person | null;
  createdAt: number;
  acknowledgedAt: number | null;
  /** When its status first reached the mitigated or resolved category (issue 17). */
  mitigatedAt: number | null;
  resolvedAt: number | null;
  /** Seen only by its members (shared/access.ts, incidentVisible; issue 13). */
  private: boolean;
  /** A drill replaying a past incident (issue 22); absent on real ones. */
  practice?: boolean;
}

/** A member of an incident (issue 13): who sees it while it is private, and who added them. */
export interface IncidentMember extends Person {
  addedBy: string;
  addedAt: number;
}

/**
 * What an incident that is not there answers, and a private incident to anyone outside it: the
 * same words, so nobody learns from the answer that a private incident exists (issue 13).
 */
export function unknownIncidentMessage(incidentId: string): string {
  return `no incident ${incidentId}`;
}
