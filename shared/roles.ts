/**
 * The on-call roles of an incident. Single-holder roles are arbitrated by the server:
 * at most one person holds each at a time. Subject-matter experts are many, each with a domain.
 */
export const ROLE_KEYS = ['primary', 'secondary', 'commander', 'comms', 'scribe', 'sme'] as const;
export type RoleKey = (typeof ROLE_KEYS)[number];

export const SINGLE_HOLDER_ROLES = ['primary', 'secondary', 'commander', 'comms', 'scribe'] as const;
export type SingleHolderRole = (typeof SINGLE_HOLDER_ROLES)[number];

export interface RoleDefinition {
  key: RoleKey;
  label: string;
  duty: string;
}

export const ROLES: Record<RoleKey, RoleDefinition> = {
  primary: { key: 'primary', label: 'Primary responder', duty: 'Paged first; acknowledges the incident.' },
  secondary: { key: 'secondary', label: 'Secondary responder', duty: 'Back-up; paged when the primary has not acknowledged.' },
  commander: { key: 'commander', label: 'Incident commander', duty: 'Coordinates; hands off explicitly.' },
  comms: { key: 'comms', label: 'Communication coordinator', duty: 'Publishes status updates for stakeholders.' },
  scribe: { key: 'scribe', label: 'Scribe', duty: 'Writes the live transcript.' },
  sme: { key: 'sme', label: 'Subject-matter expert', duty: 'Whom to escalate to, by domain.' },
};

export function isSingleHolderRole(role: string): role is SingleHolderRole {
  return (SINGLE_HOLDER_ROLES as readonly string[]).includes(role);
}
