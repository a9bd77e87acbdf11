/**
 * The on-call roles of an incident. Single-holder roles are arbitrated by the server:
 * at most one person holds each at a time. Subject-matter experts are many, each with a domain.
 */
export const ROLE_KEYS = ['primary', 'secondary', 'commander', 'comms', 'scribe', 'sme'] as const;
export type RoleKey = (typeof ROLE_KEYS)[number];

/** The default model's claimable roles; a team's own come from its incident model (shared/incidentModel.ts). */
export const SINGLE_HOLDER_ROLES = ['primary', 'secondary', 'commander', 'comms', 'scribe'] as const;
/** A claimable role's key in the incident's model: the seed's, or a team's own. */
export type SingleHolderRole = string;

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

/**
 * A role's name in words: from the incident's definitions (issue 17) where the caller has them,
 * else the default model's, else its key (a role a later model no longer defines).
 */
export function roleLabel(role: string, defs?: { roles: Array<{ key: string; name: string }> } | null): string {
  return defs?.roles.find((r) => r.key === role)?.name ?? (ROLES as Record<string, RoleDefinition | undefined>)[role]?.label ?? role;
}

/**
 * Role rescue (issue 12): a role is never stuck with someone who cannot act. The commander (and
 * the API token) may give any role to anyone at any time; anyone may take over a role whose
 * holder has been away, with no live connection to the incident's documents, for at least
 * `awayMs` (ROLE_AWAY_SEC), counted from when they were assigned if they never connected.
 */
export interface RescueSituation {
  holder: { id: string; name: string; since: number } | null;
  /** When the holder was last connected; null while they are connected now. */
  awaySince: number | null;
  now: number;
  awayMs: number;
}

/** Why a take-over is refused, in words for the person who tried; null when it may go ahead. */
export function takeOverRefusal(label: string, s: RescueSituation): string | null {
  if (!s.holder) return `nobody holds ${label}; claim it instead`;
  if (s.awaySince === null) return `${s.holder.name} is connected to this incident; ask them to hand off ${label}`;
  const waitMs = s.awaySince + s.awayMs - s.now;
  if (waitMs > 0) {
    const seconds = Math.ceil(waitMs / 1000);
    return `${s.holder.name} has been away for less than ${Math.round(s.awayMs / 1000)} s; ${label} can be taken over in ${seconds} s`;
  }
  return null;
}
