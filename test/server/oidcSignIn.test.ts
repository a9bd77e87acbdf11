/**
 * Issue 13: single sign-on against a real OpenID provider (oidc-provider v9 on loopback, PKCE
 * required, client_secret_basic), driven through its own login and consent pages. One account
 * per issuer and subject; groups decide who gets in and who is an admin; a callback that was not
 * started in this browser, is replayed, or carries a code from another sign-in gets no session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import { TestClock } from '../helpers/testClock.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { startOidcProvider } from '../helpers/oidcProvider.ts';
import type { TestProvider } from '../helpers/oidcProvider.ts';
import { authorizeAtProvider, FetchBrowser, finishSignIn, publicUrlOf, signInWithProvider, startSignIn } from '../helpers/oidcSignIn.ts';

describe('signing in through the OpenID provider', () => {
  let provider: TestProvider;
  let server: TestServer;
  beforeAll(async () => {
    provider = await startOidcProvider([
      { sub: 'ana', name: 'Ana Lima', email: 'ana@example.org', groups: ['oncall'] },
      { sub: 'ana2', name: 'Ana Lima', email: 'ana.lima@example.org', groups: ['oncall'] },
      { sub: 'bruno', name: 'Bruno Costa', email: 'bruno@example.org', groups: ['finance'] },
      { sub: 'carmen', name: 'Carmen Ruiz', email: 'carmen@example.org', groups: ['sre-leads'] },
      { sub: 'dora', name: 'Dora Diaz', email: 'Dora@Example.org', groups: ['oncall'] },
      { sub: 'mallory', name: 'Mallory', email: 'erik@example.org', emailVerified: false, groups: ['oncall'] },
    ]);
    server = await startTestServer({}, provider.env({ OIDC_RESPONDER_GROUPS: 'oncall', OIDC_ADMIN_GROUPS: 'sre-leads' }));
  });
  afterAll(async () => {
    await server?.close();
    await provider?.close();
  });

  it('offers the provider, and no invites, to the sign-in page', async () => {
    const options = await (await fetch(`${server.url}/api/session-options`)).json();
    expect(options).toEqual({ oidc: { providerName: 'Test IdP', loginUrl: `${publicUrlOf(server)}/auth/oidc/login` }, invites: false });
  });

  it('signs in with the code flow and PKCE, and keeps one account per subject across sign-ins', async () => {
    const first = await signInWithProvider(server, 'ana', '/incidents/inc-abc12345');
    expect(first.status).toBe(303);
    expect(first.location).toBe('/incidents/inc-abc12345');
    expect(first.cookie).not.toBeNull();
    const me = await first.api('GET', '/api/session');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ name: 'Ana Lima', access: 'responder', incidentId: null });

    // Another device, and a new name at the provider: the same account, its name refreshed.
    provider.people.get('ana')!.name = 'Ana Lima Souza';
    const second = await signInWithProvider(server, 'ana');
    expect(second.location).toBe('/');
    const again = await second.api('GET', '/api/session');
    expect(again.body).toMatchObject({ userId: me.body.userId, name: 'Ana Lima Souza' });
    expect(again.body.sessionId).not.toBe(me.body.sessionId);
    provider.people.get('ana')!.name = 'Ana Lima';
  });

  it('lets a person brought over from PagerDuty claim their account by a verified email, and nobody by an unverified one', async () => {
    const dora = await server.api('POST', '/api/people', { name: 'Dora D.', email: 'dora@example.org', source: 'pagerduty' });
    const erik = await server.api('POST', '/api/people', { name: 'Erik', email: 'erik@example.org', source: 'pagerduty' });
    expect([dora.status, erik.status]).toEqual([201, 201]);
    const signedIn = await signInWithProvider(server, 'dora');
    expect((await signedIn.api('GET', '/api/session')).body).toMatchObject({ userId: dora.body.id, name: 'Dora Diaz' });
    const impostor = await signInWithProvider(server, 'mallory');
    expect((await impostor.api('GET', '/api/session')).body.userId).not.toBe(erik.body.id);
  });

  it('tells apart two people of the same name by email', async () => {
    const a = await signInWithProvider(server, 'ana');
    const b = await signInWithProvider(server, 'ana2');
    const users = (await a.api('GET', '/api/users')).body.users as Array<{ id: string; name: string; email?: string }>;
    const anas = users.filter((u) => u.name === 'Ana Lima');
    expect(anas.map((u) => u.email).sort()).toEqual(['ana.lima@example.org', 'ana@example.org']);
    expect((await b.api('GET', '/api/session')).body.userId).not.toBe((await a.api('GET', '/api/session')).body.userId);
    expect(users.find((u) => u.name === 'Automation')).toEqual({ id: 'u-automation', name: 'Automation' });
  });

  it('gives no session to a person in none of the responder groups, and says why', async () => {
    const bruno = await signInWithProvider(server, 'bruno');
    expect(bruno.status).toBe(303);
    expect(bruno.location).toBe('/sign-in/refused?reason=not-in-group');
    expect(bruno.cookie).toBeNull();
    const people = (await server.api('GET', '/api/people')).body.people as Array<{ name: string }>;
    expect(people.map((p) => p.name)).not.toContain('Bruno Costa');
  });

  it('makes a member of an admin group an admin, who administers people', async () => {
    const carmen = await signInWithProvider(server, 'carmen');
    expect((await carmen.api('GET', '/api/session')).body).toMatchObject({ name: 'Carmen Ruiz', access: 'admin' });
    const people = await carmen.api('GET', '/api/people');
    expect(people.status).toBe(200);
    expect(people.body.people).toContainEqual(
      expect.objectContaining({ name: 'Carmen Ruiz', email: 'carmen@example.org', issuer: provider.issuer, admin: true, deactivatedAt: null }),
    );
    const ana = await signInWithProvider(server, 'ana');
    expect((await ana.api('GET', '/api/people')).status).toBe(403);
  });

  it('refuses a callback whose state this browser did not start', async () => {
    const browser = new FetchBrowser();
    const callback = await authorizeAtProvider(browser, await startSignIn(server, browser), 'ana');
    const forged = new URL(callback);
    forged.searchParams.set('state', 'not-the-state-this-browser-started');
    expect(await finishSignIn(browser, forged.href)).toEqual({ status: 303, location: '/sign-in/refused?reason=expired', cookie: null });
    // The same callback opened in another browser (login CSRF) is refused as well.
    expect(await finishSignIn(new FetchBrowser(), callback)).toMatchObject({ location: '/sign-in/refused?reason=expired', cookie: null });
  });

  it('refuses a replayed callback', async () => {
    const browser = new FetchBrowser();
    const start = await startSignIn(server, browser);
    const callback = await authorizeAtProvider(browser, start, 'ana');
    const state = browser.jar.get(new URL(publicUrlOf(server) + '/auth/oidc/'), 'ir_oidc_state');
    expect((await finishSignIn(browser, callback)).location).toBe('/');
    // Even with the state cookie put back, the stored sign-in was used up.
    const res = await fetch(callback, { redirect: 'manual', headers: { cookie: `ir_oidc_state=${state}` } });
    expect(res.headers.get('location')).toBe('/sign-in/refused?reason=expired');
    expect(res.headers.getSetCookie().some((c) => c.startsWith('ir_session='))).toBe(false);
  });

  it('refuses a code from another sign-in: its PKCE verifier does not match', async () => {
    // Two sign-ins in one browser; the code of the first is delivered with the state of the second.
    const browser = new FetchBrowser();
    const firstStart = await startSignIn(server, browser);
    const firstCallback = new URL(await authorizeAtProvider(browser, firstStart, 'ana'));
    const secondStart = new URL(await startSignIn(server, browser));
    const injected = new URL(firstCallback);
    injected.searchParams.set('state', secondStart.searchParams.get('state')!);
    expect(await finishSignIn(browser, injected.href)).toMatchObject({ location: '/sign-in/refused?reason=failed', cookie: null });
  });

  it('keeps returnTo on this site', async () => {
    for (const returnTo of ['https://evil.example/', '//evil.example/x', '/\\evil.example']) {
      expect((await signInWithProvider(server, 'ana', returnTo)).location).toBe('/');
    }
  });

  it('signs out on the server and answers where the provider ends its own session', async () => {
    const ana = await signInWithProvider(server, 'ana');
    const out = await ana.api('DELETE', '/api/session');
    expect(out.status).toBe(200);
    const logout = new URL(out.body.logoutUrl);
    expect(logout.origin + logout.pathname).toBe(`${provider.issuer}/session/end`);
    expect(logout.searchParams.get('client_id')).toBe(provider.clientId);
    expect(logout.searchParams.get('post_logout_redirect_uri')).toBe(`${publicUrlOf(server)}/`);
    // The provider accepts it: its own "sign out?" page, not an error.
    const page = await fetch(logout);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/logout|sign.?out/i);
    expect((await ana.api('GET', '/api/session')).status).toBe(401);
  });

  it('asks for PKCE with S256, state and nonce', async () => {
    const url = new URL(await startSignIn(server, new FetchBrowser()));
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    for (const p of ['code_challenge', 'state', 'nonce']) expect(url.searchParams.get(p)).toMatch(/^[\w-]{20,}$/);
    expect(url.searchParams.get('redirect_uri')).toBe(`${publicUrlOf(server)}/auth/oidc/callback`);
  });
});

describe('sign-ins started at volume', () => {
  it('are bounded per address: past OIDC_LOGINS_PER_MINUTE the start answers 429 until the minute has passed', async () => {
    const provider = await startOidcProvider([{ sub: 'ana', name: 'Ana Lima', email: 'ana@example.org', groups: [] }]);
    const clock = new TestClock();
    const server = await startTestServer({}, provider.env({ OIDC_LOGINS_PER_MINUTE: '3' }), { clock });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await fetch(`${server.url}/auth/oidc/login`, { redirect: 'manual' })).status);
      expect(statuses).toEqual([303, 303, 303, 429, 429, 429]);
      // A minute later the address may start again.
      clock.advance(60_000);
      expect((await fetch(`${server.url}/auth/oidc/login`, { redirect: 'manual' })).status).toBe(303);
    } finally {
      await server.close();
      await provider.close();
    }
  });
});

describe('an OpenID provider that cannot be reached', () => {
  it('starts anyway, answers 503 with the reason, and signs in once the provider is back', async () => {
    const people = [{ sub: 'ana', name: 'Ana Lima', email: 'ana@example.org', groups: [] }];
    const gone = await startOidcProvider(people);
    const port = Number(new URL(gone.issuer).port);
    await gone.close();
    const server = await startTestServer({}, gone.env());
    try {
      const res = await fetch(`${server.url}/auth/oidc/login`, { redirect: 'manual' });
      expect(res.status).toBe(503);
      expect(await res.text()).toMatch(new RegExp(`^Sign-in is unavailable: the identity provider at ${gone.issuer}/ cannot be reached`));
      const back = await startOidcProvider(people, { port, clientSecret: gone.clientSecret });
      try {
        const ana = await signInWithProvider(server, 'ana');
        expect(ana.location).toBe('/');
        expect((await ana.api('GET', '/api/session')).body).toMatchObject({ name: 'Ana Lima' });
      } finally {
        await back.close();
      }
    } finally {
      await server.close();
    }
  });
});
