/** Signing in as a browser does, without a browser: an invite, POST /api/session, the cookie. */
import { SESSION_COOKIE } from '../../shared/api.ts';
import type { SessionInfo } from '../../shared/api.ts';
import type { TestServer } from './testServer.ts';

export interface SignedIn {
  cookie: string;
  session: SessionInfo;
  /** A request with the session cookie and the server's own Origin, as the browser app sends. */
  api<T = any>(method: string, pathname: string, body?: unknown): Promise<{ status: number; body: T }>;
}

export async function signIn(server: TestServer, name: string): Promise<SignedIn> {
  const invite = await server.api('POST', '/api/invites', {});
  if (invite.status !== 201) throw new Error(`invite failed: ${JSON.stringify(invite.body)}`);
  const res = await fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ invite: invite.body.invite, name }),
  });
  if (res.status !== 201) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const value = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(setCookie)?.[1];
  if (!value) throw new Error(`no session cookie in ${setCookie}`);
  const cookie = `${SESSION_COOKIE}=${value}`;
  const session = (await res.json()) as SessionInfo;
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
