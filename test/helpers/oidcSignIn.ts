/**
 * Signing in through the OpenID provider as a browser does, without a browser: fetch with a
 * cookie jar, following redirects by hand, filling in the provider's own login and consent
 * forms. Each step is a function of its own so a test can tamper between them.
 */
import { SESSION_COOKIE } from '../../shared/api.ts';
import type { TestServer } from './testServer.ts';

interface Cookie {
  value: string;
  path: string;
}

/** Cookies per host, with paths; enough of RFC 6265 for two loopback servers. */
export class CookieJar {
  private readonly byHost = new Map<string, Map<string, Cookie>>();

  store(url: URL, response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';').map((p) => p.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const attr = (key: string) => attributes.find((a) => a.toLowerCase().startsWith(key + '='))?.slice(key.length + 1);
      const expires = attr('expires');
      const maxAge = attr('max-age');
      const gone = value === '' || maxAge === '0' || (expires !== undefined && Date.parse(expires) <= Date.now());
      const cookies = this.byHost.get(url.host) ?? new Map<string, Cookie>();
      this.byHost.set(url.host, cookies);
      if (gone) cookies.delete(name);
      else cookies.set(name, { value, path: attr('path') ?? '/' });
    }
  }

  header(url: URL): string {
    const cookies = this.byHost.get(url.host) ?? new Map<string, Cookie>();
    return [...cookies].filter(([, c]) => url.pathname.startsWith(c.path)).map(([name, c]) => `${name}=${c.value}`).join('; ');
  }

  get(url: URL, name: string): string | undefined {
    return this.byHost.get(url.host)?.get(name)?.value;
  }
}

/** One browser: a jar, and requests that never follow redirects on their own. */
export class FetchBrowser {
  readonly jar = new CookieJar();

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const target = new URL(url);
    const response = await fetch(target, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: {
        cookie: this.jar.header(target),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    this.jar.store(target, response);
    return response;
  }
}

/** Where the room is for browsers: PUBLIC_URL, which tests leave at its default. */
export const publicUrlOf = (server: TestServer) => `http://localhost:${server.port}`;

/** GET /auth/oidc/login: answers where the room sent the browser (the provider). */
export async function startSignIn(server: TestServer, browser: FetchBrowser, returnTo?: string): Promise<string> {
  const query = returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(returnTo)}`;
  const res = await browser.request(`${publicUrlOf(server)}/auth/oidc/login${query}`);
  const location = res.headers.get('location');
  if (res.status !== 303 || !location) throw new Error(`sign-in did not start: ${res.status} ${await res.text()}`);
  return location;
}

/**
 * At the provider: follows its redirects and submits its login form (as `login`, the subject)
 * and consent form until it sends the browser back to the room; answers that callback URL.
 */
export async function authorizeAtProvider(browser: FetchBrowser, authorizationUrl: string, login: string): Promise<string> {
  const issuer = new URL(authorizationUrl).origin;
  let next = authorizationUrl;
  for (let step = 0; step < 12; step++) {
    if (!next.startsWith(issuer)) return next;
    const res = await browser.request(next);
    const location = res.headers.get('location');
    if (location) {
      next = new URL(location, next).href;
      continue;
    }
    const html = await res.text();
    const action = /action="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
    if (res.status !== 200 || !action) throw new Error(`unexpected provider page ${res.status}: ${html.slice(0, 300)}`);
    const form: Record<string, string> = html.includes('name="login"') ? { prompt: 'login', login, password: 'any' } : { prompt: 'consent' };
    const submitted = await browser.request(new URL(action, next).href, { form });
    const after = submitted.headers.get('location');
    if (!after) throw new Error(`provider form answered ${submitted.status}: ${(await submitted.text()).slice(0, 300)}`);
    next = new URL(after, next).href;
  }
  throw new Error('the provider never sent the browser back');
}

export interface CallbackOutcome {
  status: number;
  location: string | null;
  /** The session cookie the room set, if it set one. */
  cookie: string | null;
}

export async function finishSignIn(browser: FetchBrowser, callbackUrl: string): Promise<CallbackOutcome> {
  const res = await browser.request(callbackUrl);
  const value = browser.jar.get(new URL(callbackUrl), SESSION_COOKIE);
  return { status: res.status, location: res.headers.get('location'), cookie: value ? `${SESSION_COOKIE}=${value}` : null };
}

export interface ProviderSignIn extends CallbackOutcome {
  browser: FetchBrowser;
  /** A request to the room with the session cookie, as the browser app sends it. */
  api<T = any>(method: string, pathname: string, body?: unknown): Promise<{ status: number; body: T }>;
}

/** The whole sign-in: the room, the provider's pages, back to the room. */
export async function signInWithProvider(server: TestServer, login: string, returnTo?: string): Promise<ProviderSignIn> {
  const browser = new FetchBrowser();
  const callback = await authorizeAtProvider(browser, await startSignIn(server, browser, returnTo), login);
  const outcome = await finishSignIn(browser, callback);
  const origin = publicUrlOf(server);
  const api = async (method: string, pathname: string, body?: unknown) => {
    const r = await fetch(origin + pathname, {
      method,
      headers: { cookie: outcome.cookie ?? '', origin, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
  return { ...outcome, browser, api };
}
