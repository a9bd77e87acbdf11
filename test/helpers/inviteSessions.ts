/**
 * A session for a person of a given name, the way a team uses the room since issue 13: the
 * first time through an invite, and every later time as another device of that same person
 * (a one-time device link made from one of their live sessions), since invite names are unique.
 * Tests that sign "Ana" in twice on one server get two sessions of one Ana, as a person with a
 * laptop and a phone has.
 */
import { SESSION_COOKIE } from '../../shared/api.ts';
import type { SessionInfo } from '../../shared/api.ts';
import type { TestServer } from './testServer.ts';

/** Live session cookies per server and name, newest last. */
const cookies = new WeakMap<TestServer, Map<string, string[]>>();

export interface InviteSession {
  /** `ir_session=…`, for a Cookie header. */
  cookie: string;
  /** The cookie's value alone, for a browser context's jar. */
  value: string;
  session: SessionInfo;
}

export async function inviteSession(server: TestServer, name: string): Promise<InviteSession> {
  const byName = cookies.get(server) ?? new Map<string, string[]>();
  cookies.set(server, byName);
  const key = name.trim().toLowerCase();
  const known = byName.get(key) ?? [];
  for (const cookie of [...known].reverse()) {
    const link = await fetch(`${server.url}/api/session/device-link`, { method: 'POST', headers: { cookie, origin: server.url } });
    if (link.status !== 201) continue;
    const token = new URLSearchParams(new URL(((await link.json()) as { url: string }).url).hash.slice(1)).get('token');
    const res = await post(server, '/api/session/device', { token });
    return remember(known, byName, key, res);
  }
  const invite = await server.api('POST', '/api/invites', {});
  if (invite.status !== 201) throw new Error(`invite failed: ${JSON.stringify(invite.body)}`);
  return remember(known, byName, key, await post(server, '/api/session', { invite: invite.body.invite, name }));
}

function post(server: TestServer, pathname: string, body: unknown): Promise<Response> {
  return fetch(server.url + pathname, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function remember(known: string[], byName: Map<string, string[]>, key: string, res: Response): Promise<InviteSession> {
  if (res.status !== 201) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const value = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (!value) throw new Error('no session cookie');
  const cookie = `${SESSION_COOKIE}=${value}`;
  byName.set(key, [...known, cookie]);
  return { cookie, value, session: (await res.json()) as SessionInfo };
}
