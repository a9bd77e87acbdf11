/**
 * Signing in as a browser does, without a browser: the cookie of a session for a person of that
 * name (through an invite, or as another device of someone already signed in: names are unique).
 */
import type { SessionInfo } from '../../shared/api.ts';
import type { TestServer } from './testServer.ts';
import { inviteSession } from './inviteSessions.ts';

export interface SignedIn {
  cookie: string;
  session: SessionInfo;
  /** A request with the session cookie and the server's own Origin, as the browser app sends. */
  api<T = any>(method: string, pathname: string, body?: unknown): Promise<{ status: number; body: T }>;
}

export async function signIn(server: TestServer, name: string): Promise<SignedIn> {
  const { cookie, session } = await inviteSession(server, name);
  const api = async (method: string, pathname: string, body?: unknown) => {
    const r = await fetch(server.url + pathname, {
      method,
      headers: { cookie, origin: server.url, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
  return { cookie, session, api };
}
