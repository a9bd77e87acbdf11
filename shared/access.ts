/**
 * Who may do what, decided in one place. `admin` is automation holding the API token;
 * `responder` writes the responder document and issues commands; `stakeholder` only reads.
 * A principal with an `incidentId` holds a per-incident token (a responder link or a
 * stakeholder link): it reaches that incident's own data and nothing organisation-wide.
 *
 * REST routes, socket.io events and the Yjs endpoint ask these functions; none re-spells a
 * rule. Each answers null when allowed and the reason, in words a person reads, when not.
 */
export const ACCESS_LEVELS = ['admin', 'responder', 'stakeholder'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** The authenticated party behind a connection or request, as resolved by the server. */
export interface Principal {
  userId: string;
  name: string;
  access: AccessLevel;
  /** The one incident a token is scoped to; null for sessions and the API token. */
  incidentId: string | null;
  /** The token that authenticated this principal, so revoking it can close live connections. */
  tokenId: string | null;
  /** The browser session behind this principal, so signing out closes its live connections. */
  sessionId: string | null;
  /** When the credential stops being valid (ms); null for credentials that never expire. */
  expiresAt: number | null;
}

export type Refusal = string | null;

export function canWriteResponderDocs(access: AccessLevel): boolean {
  return access !== 'stakeholder';
}

/** Reading or acting on one incident's own data. */
export function incidentRefusal(p: Principal, incidentId: string, write: boolean): Refusal {
  if (p.incidentId !== null && p.incidentId !== incidentId) return 'this token is for another incident';
  if (write && p.access === 'stakeholder') return 'stakeholder links are read-only';
  return null;
}

/** Exports and replay hold the whole record, hidden transcript included: responders only. */
export function recordRefusal(p: Principal): Refusal {
  return p.access === 'stakeholder' ? 'exports and replay are for responders' : null;
}

/**
 * Organisation-wide data (the roster with its webhook addresses, the people, the metrics of all
 * incidents, the lobby of every incident, declaring new ones) needs a session or the API token:
 * a link for one incident must not become a key to all of them (issue 11).
 */
export function organisationRefusal(p: Principal): Refusal {
  if (p.access === 'stakeholder') return 'stakeholder links are read-only';
  if (p.incidentId !== null) return 'this token is for one incident; sign in or use the API token';
  return null;
}

/**
 * Minting and revoking per-incident tokens. A per-incident token cannot: otherwise one leaked
 * responder link could make more that outlive it, or revoke the links of others (issue 11).
 */
export function tokenManagementRefusal(p: Principal): Refusal {
  if (p.access === 'stakeholder') return 'stakeholder links are read-only';
  if (p.incidentId !== null) return 'a token for one incident cannot make or revoke tokens; sign in instead';
  return null;
}

/** What only automation holding the API token may do: invites, the audit trail, any webhook target. */
export function adminRefusal(p: Principal, what: string): Refusal {
  return p.access === 'admin' ? null : `${what} needs the API token`;
}

/** Listing or revoking someone's browser sessions: their own, or anyone's with the API token. */
export function sessionsRefusal(p: Principal, userId: string): Refusal {
  if (p.access === 'admin') return null;
  if (p.sessionId !== null && p.userId === userId) return null;
  return "only the person themselves (signed in) or the API token can see or revoke a person's sessions";
}
