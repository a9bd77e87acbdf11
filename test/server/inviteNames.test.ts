/**
 * Issue 13: joining again from a phone as "Carla" made a second Carla, who was refused her own
 * roles. Names of invite accounts are unique on the server, case-insensitively, even when two
 * people race for one; adding a device is a one-time link instead, used once, for ten minutes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { signIn } from '../helpers/sessions.ts';
import { TestClock } from '../helpers/testClock.ts';

async function join(server: TestServer, invite: string, name: string) {
  const res = await fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ invite, name }),
  });
  return { status: res.status, body: await res.json(), cookie: /ir_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0] ?? null };
}

async function useDeviceLink(server: TestServer, url: string) {
  const token = new URLSearchParams(new URL(url).hash.slice(1)).get('token');
  const res = await fetch(`${server.url}/api/session/device`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  return { status: res.status, body: await res.json(), cookie: /ir_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0] ?? null };
}

describe('invite names and device links', () => {
  const clock = new TestClock();
  let server: TestServer;
  let invite: string;
  beforeAll(async () => {
    server = await startTestServer({}, {}, { clock });
    invite = (await server.api('POST', '/api/invites', {})).body.invite;
  });
  afterAll(() => server.close());

  it('refuses a name an invite account already has, whatever its case, with a way forward', async () => {
    expect((await join(server, invite, 'Carla')).status).toBe(201);
    for (const name of ['carla', 'CARLA', ' Carla ']) {
      const again = await join(server, invite, name);
      expect(again.status).toBe(409);
      expect(again.body.error.message).toBe(
        'The name "Carla" is taken. If that is you, choose "Add another device" in your menu where you are signed in; otherwise pick another name.',
      );
      expect(again.cookie).toBeNull();
    }
    expect((await join(server, invite, 'automation')).status).toBe(409);
    const carlas = (await server.api('GET', '/api/users')).body.users.filter((u: { name: string }) => u.name.toLowerCase() === 'carla');
    expect(carlas).toHaveLength(1);
  });

  it('lets exactly one of many people racing for one name have it', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => join(server, invite, i % 2 ? 'Dana' : 'dana')));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(5);
  });

  it('keeps names of per-incident links out of it: a link named like a person blocks nobody', async () => {
    const incident = await server.api('POST', '/api/incidents', { title: 'Disk full', severity: 'SEV3' });
    await server.api('POST', `/api/incidents/${incident.body.id}/tokens`, { access: 'stakeholder', name: 'Eva' });
    expect((await join(server, invite, 'Eva')).status).toBe(201);
  });

  it('signs another device in as the same person with a one-time link', async () => {
    const fabio = await signIn(server, 'Fabio');
    const link = await fabio.api('POST', '/api/session/device-link');
    expect(link.status).toBe(201);
    expect(link.body.url).toMatch(/\/join\/device#token=ird_/);
    expect(link.body.expiresAt).toBe(clock.now() + 10 * 60 * 1000);

    const phone = await useDeviceLink(server, link.body.url);
    expect(phone.status).toBe(201);
    expect(phone.body).toMatchObject({ userId: fabio.session.userId, name: 'Fabio' });
    expect(phone.body.sessionId).not.toBe(fabio.session.sessionId);
    const me = await fetch(`${server.url}/api/session`, { headers: { cookie: phone.cookie! } });
    expect((await me.json()).userId).toBe(fabio.session.userId);

    const twice = await useDeviceLink(server, link.body.url);
    expect(twice.status).toBe(401);
    expect(twice.body.error.message).toBe('this device link was already used; make a new one from your menu');
    expect(twice.cookie).toBeNull();
  });

  it('lets one of two devices racing for a link through, and no device after ten minutes', async () => {
    const gil = await signIn(server, 'Gil');
    const link = (await gil.api('POST', '/api/session/device-link')).body.url;
    const raced = await Promise.all([useDeviceLink(server, link), useDeviceLink(server, link)]);
    expect(raced.map((r) => r.status).sort()).toEqual([201, 401]);

    const late = (await gil.api('POST', '/api/session/device-link')).body.url;
    clock.advance(10 * 60 * 1000);
    const expired = await useDeviceLink(server, late);
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toBe('this device link has expired; make a new one from your menu');
  });

  it('makes device links for signed-in people only', async () => {
    expect((await server.api('POST', '/api/session/device-link')).status).toBe(403);
    expect((await fetch(`${server.url}/api/session/device-link`, { method: 'POST' })).status).toBe(401);
  });
});

describe('invites turned off', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({}, { INVITES: 'off' });
  });
  afterAll(() => server.close());

  it('neither makes nor honours invite links, and says so', async () => {
    expect(server.created.inviteUrl).toBeNull();
    expect((await server.api('POST', '/api/invites', {})).status).toBe(409);
    const res = await join(server, 'irt_whatever-it-is-not-used', 'Hana');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('invite links are turned off on this server');
    expect(await (await fetch(`${server.url}/api/session-options`)).json()).toEqual({ oidc: null, invites: false });
  });
});
