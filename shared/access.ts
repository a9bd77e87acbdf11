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

/** Who is in an incident, set-like: a caller may pass only what it knows (one person's membership). */
export interface MemberSet {
  has(userId: string): boolean;
}

/** What the visibility rule needs of an incident. */
export interface IncidentAudience {
  id: string;
  private: boolean;
  members: MemberSet;
}

/** Admins (the API token, the provider's admins) see every incident, private ones included (issue 13). */
export function seesEveryIncident(p: Principal): boolean {
  return p.access === 'admin' && p.incidentId === null;
}

/**
 * Whether the incident exists at all for this principal (issue 13). A private incident is seen by
 * its members, by admins, and through a link made for it (making one is how a member chooses to
 * share it); to anyone else every door answers exactly as for an incident that does not exist.
 */
export function incidentVisible(p: Principal, incident: IncidentAudience): boolean {
  if (!incident.private) return true;
  if (p.incidentId !== null) return p.incidentId === incident.id;
  return seesEveryIncident(p) || incident.members.has(p.userId);
}

/** Adding and removing members of an incident: its members and admins, never a link (issue 13). */
export function membershipRefusal(p: Principal, incident: IncidentAudience): Refusal {
  if (p.access === 'stakeholder') return 'stakeholder links are read-only';
  if (p.incidentId !== null) return 'a token for one incident cannot change who is in it; sign in instead';
  if (seesEveryIncident(p) || incident.members.has(p.userId)) return null;
  return 'only members of this incident add or remove members';
}

/** Exports and replay hold the whole record, hidden transcript included: responders only. */
/** Custom fields not marked public are for responders (issue 17); stakeholder links see the public ones. */
export function seesPrivateFields(p: Principal): boolean {
  return p.access !== 'stakeholder';
}

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
  return p.access === 'admin' ? null : `${what} needs an admin or the API token`;
}

/** Listing or revoking someone's browser sessions: their own, or anyone's with the API token. */
export function sessionsRefusal(p: Principal, userId: string): Refusal {
  if (p.access === 'admin') return null;
  if (p.sessionId !== null && p.userId === userId) return null;
  return "only the person themselves (signed in) or the API token can see or revoke a person's sessions";
}

/**
 * A person's private calendar link: made, seen and revoked by the person themselves (signed in),
 * or for anyone with the API token or as an admin. Schedules themselves are organisation data
 * (`organisationRefusal`).
 */
export function calendarLinkRefusal(p: Principal, userId: string): Refusal {
  if (p.access === 'admin' && p.incidentId === null) return null;
  if (p.sessionId !== null && p.userId === userId) return null;
  return "only the person themselves (signed in), an admin or the API token can make or revoke a person's calendar link";
}

/**
 * A person's contact methods, rules and test notifications: the person themself, signed in, or an
 * admin (the API token, OIDC_ADMIN_GROUPS). Never a link: a page sent to an address of the link
 * holder's choosing would carry incidents out of the room.
 */
export function contactSettingsRefusal(p: Principal, userId: string): Refusal {
  if (p.access === 'stakeholder') return 'stakeholder links are read-only';
  if (p.incidentId !== null) return "a token for one incident cannot change how people are reached; sign in instead";
  if (p.access === 'admin') return null;
  if (p.sessionId !== null && p.userId === userId) return null;
  return "only the person themselves (signed in), an admin or the API token can see or change a person's contact methods";
}

/**
 * Linking a chat account (issue 14) to the account of whoever opens the bot's one-time link: a
 * person signed in as themselves. A link or the API token is nobody's account to link to.
 */
export function chatLinkRefusal(p: Principal): Refusal {
  return p.sessionId !== null ? null : 'sign in as yourself to link your chat account';
}

/**
 * People administration (listing people, deactivating and reactivating them): admins, that is
 * people in OIDC_ADMIN_GROUPS and the API token (issue 13). Nobody deactivates themselves or
 * the automation identity: either would lock out the very admin doing it.
 */
export function peopleAdminRefusal(p: Principal): Refusal {
  if (p.access === 'admin' && p.incidentId === null) return null;
  return 'people administration is for admins (OIDC_ADMIN_GROUPS) and the API token';
}

export function deactivationRefusal(p: Principal, userId: string): Refusal {
  const refusal = peopleAdminRefusal(p);
  if (refusal !== null) return refusal;
  if (userId === p.userId) return 'you cannot deactivate yourself; ask another admin';
  return null;
}

/** Making a link that signs another device in as oneself: only a signed-in person, for themselves. */
export function deviceLinkRefusal(p: Principal): Refusal {
  return p.sessionId !== null ? null : 'only a signed-in person can add another device';
}
