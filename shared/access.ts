/**
 * Who may do what. `admin` is automation holding the API token; `responder` writes the
 * responder document and issues commands; `stakeholder` only reads, for one incident.
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
}

export function canWriteResponderDocs(access: AccessLevel): boolean {
  return access !== 'stakeholder';
}
