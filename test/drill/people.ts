/**
 * A person of the drill, signed in through the OpenID provider's own login and consent pages
 * (fetch with a cookie jar), with their session cookie for the REST API as the browser app sends
 * it: through the balancer, with the balancer's Origin.
 */
import { FetchBrowser, authorizeAtProvider, finishSignIn } from '../helpers/oidcSignIn.ts';

export interface DrillPerson {
  sub: string;
  name: string;
  userId: string;
  cookie: string;
  api<T = any>(method: string, pathname: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** POST that must answer 201; answers the created id. */
  created(pathname: string, body: unknown): Promise<string>;
  /** Runs a command on an incident as this person; it must succeed. */
  command(incidentId: string, command: Record<string, unknown>): Promise<any>;
}

export async function signInThroughProvider(roomUrl: string, login: string): Promise<DrillPerson> {
  const browser = new FetchBrowser();
  const start = await browser.request(`${roomUrl}/auth/oidc/login`);
  const location = start.headers.get('location');
  if (start.status !== 303 || !location) throw new Error(`sign-in of ${login} did not start: ${start.status} ${await start.text()}`);
  const outcome = await finishSignIn(browser, await authorizeAtProvider(browser, location, login));
  if (!outcome.cookie) throw new Error(`sign-in of ${login} gave no session: ${outcome.status} ${outcome.location}`);
  const cookie = outcome.cookie;
  const api = async (method: string, pathname: string, body?: unknown) => {
    const res = await fetch(roomUrl + pathname, {
      method,
      headers: { cookie, origin: roomUrl, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const session = await api('GET', '/api/session');
  if (session.status !== 200) throw new Error(`session of ${login}: ${session.status} ${JSON.stringify(session.body)}`);
  return {
    sub: login,
    name: session.body.name,
    userId: session.body.userId,
    cookie,
    api,
    created: async (pathname, body) => {
      const res = await api('POST', pathname, body);
      if (res.status !== 201) throw new Error(`${login}: POST ${pathname}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    },
    command: async (incidentId, command) => {
      const res = await api('POST', `/api/incidents/${incidentId}/commands`, command);
      if (res.status !== 200) throw new Error(`${login}: ${command.type}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
  };
}
