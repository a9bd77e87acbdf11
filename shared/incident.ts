/** Severity, status and identifiers of an incident: the vocabulary every view shares. */
export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_MEANING: Record<Severity, string> = {
  SEV1: 'Critical: customer-facing outage',
  SEV2: 'Major: significant degradation',
  SEV3: 'Minor: limited impact',
  SEV4: 'Low: no customer impact yet',
};

export const STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type IncidentStatus = (typeof STATUSES)[number];

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
  service: string | null;
  commander: Person | null;
  createdAt: number;
  acknowledgedAt: number | null;
  resolvedAt: number | null;
  /** Seen only by its members (shared/access.ts, incidentVisible; issue 13). */
  private: boolean;
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
