/**
 * Sign-ins in flight at the OpenID provider: the state, nonce and PKCE verifier the callback
 * must find again. Kept in the database, not in one node's memory, so whichever node the
 * provider sends the browser back to can finish the sign-in (issue 13).
 */
import type { SqlDatabase } from './sql/SqlDatabase.ts';

/** How long a person may spend at the provider's pages before the sign-in must start again. */
export const OIDC_LOGIN_TTL_MS = 10 * 60 * 1000;

export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

export class OidcLogins {
  constructor(private readonly db: SqlDatabase) {}

  /** Stores a new sign-in and forgets those abandoned long ago. */
  async start(login: PendingLogin, now: number): Promise<void> {
    await this.db.run('DELETE FROM oidc_logins WHERE created_at <= ?', [now - OIDC_LOGIN_TTL_MS]);
    await this.db.run('INSERT INTO oidc_logins (state, nonce, code_verifier, return_to, created_at) VALUES (?, ?, ?, ?, ?)', [
      login.state,
      login.nonce,
      login.codeVerifier,
      login.returnTo,
      now,
    ]);
  }

  /**
   * Takes a sign-in out for its callback: at most once (a replayed callback finds nothing), and
   * never one older than OIDC_LOGIN_TTL_MS.
   */
  async take(state: string, now: number): Promise<PendingLogin | undefined> {
    const row = await this.db.get<{ state: string; nonce: string; code_verifier: string; return_to: string; created_at: number }>(
      'SELECT * FROM oidc_logins WHERE state = ?',
      [state],
    );
    if (!row) return undefined;
    const taken = await this.db.run('DELETE FROM oidc_logins WHERE state = ?', [state]);
    if (taken === 0 || row.created_at <= now - OIDC_LOGIN_TTL_MS) return undefined;
    return { state: row.state, nonce: row.nonce, codeVerifier: row.code_verifier, returnTo: row.return_to };
  }
}
