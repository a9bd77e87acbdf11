/**
 * Issue 13, people administration: an admin (from the provider's admin group, or the API token)
 * deactivates a person. Their sessions are revoked, their open Yjs socket closes with 4401 and
 * their socket.io connection is told and dropped, the roles they hold are released with a
 * timeline event naming the admin, and every door refuses them until they are reactivated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { closeOf, command } from '../helpers/clients.ts';
import { opened } from '../helpers/frames.ts';
import { declareIncident } from '../helpers/incidents.ts';
import { signIn } from '../helpers/sessions.ts';
import { startOidcProvider } from '../helpers/oidcProvider.ts';
import type { TestProvider } from '../helpers/oidcProvider.ts';
import { publicUrlOf, signInWithProvider } from '../helpers/oidcSignIn.ts';

const DEACTIVATED = 'this account was deactivated by an administrator';

function socketWithCookie(origin: string, url: string, cookie: string): Promise<Socket> {
  const socket = io(url, { extraHeaders: { cookie, origin }, transports: ['websocket'], reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

describe('deactivating a person', () => {
  let provider: TestProvider;
  let server: TestServer;
  beforeAll(async () => {
    provider = await startOidcProvider([
      { sub: 'ana', name: 'Ana Lima', email: 'ana@example.org', groups: ['oncall'] },
      { sub: 'carmen', name: 'Carmen Ruiz', email: 'carmen@example.org', groups: ['sre-leads'] },
    ]);
    server = await startTestServer({}, provider.env({ OIDC_RESPONDER_GROUPS: 'oncall', OIDC_ADMIN_GROUPS: 'sre-leads', INVITES: 'on' }));
  });
  afterAll(async () => {
    await server?.close();
    await provider?.close();
  });

  it('closes their live connections, releases their roles as the admin, and refuses them everywhere', async () => {
    const incidentId = await declareIncident(server);
    const ana = await signInWithProvider(server, 'ana');
    const anaId = (await ana.api('GET', '/api/session')).body.userId as string;
    const origin = publicUrlOf(server);
    const socket = await socketWithCookie(origin, server.url, ana.cookie!);
    for (const role of ['commander', 'scribe']) expect((await command(socket, { type: 'claimRole', incidentId, role })).ok).toBe(true);
    const ws = new WebSocket(`${server.wsUrl}/${incidentId}`, { headers: { cookie: ana.cookie!, origin } });
    await opened(ws);
    const wsClosed = closeOf(ws);
    const revoked = new Promise<string>((resolve) => socket.once('access:revoked', resolve));
    const disconnected = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));

    const carmen = await signInWithProvider(server, 'carmen');
    const done = await carmen.api('POST', `/api/people/${anaId}/deactivate`);
    expect(done.status).toBe(200);
    expect(done.body.sessionsRevoked).toBe(1);
    expect(done.body.rolesReleased).toEqual([
      { incidentId, role: 'commander' },
      { incidentId, role: 'scribe' },
    ]);
    expect(done.body.person).toMatchObject({ id: anaId, name: 'Ana Lima' });
    expect(done.body.person.deactivatedAt).toEqual(expect.any(Number));

    expect(await wsClosed).toEqual({ code: 4401, reason: DEACTIVATED });
    expect(await revoked).toBe(DEACTIVATED);
    await disconnected;

    const exported = (await server.api('GET', `/api/incidents/${incidentId}/export.json`)).body;
    const releases = exported.events.filter((e: { type: string }) => e.type === 'role.released');
    expect(releases).toEqual([
      expect.objectContaining({ role: 'commander', holder: { id: anaId, name: 'Ana Lima' }, actor: expect.objectContaining({ name: 'Carmen Ruiz' }) }),
      expect.objectContaining({ role: 'scribe', holder: { id: anaId, name: 'Ana Lima' }, actor: expect.objectContaining({ name: 'Carmen Ruiz' }) }),
    ]);
    expect(exported.roles).toEqual({});

    // Every door: the old cookie, a new sign-in, the picker of people.
    expect((await ana.api('GET', '/api/session')).status).toBe(401);
    const back = await signInWithProvider(server, 'ana');
    expect(back).toMatchObject({ location: '/sign-in/refused?reason=deactivated', cookie: null });
    expect((await server.api('GET', '/api/users')).body.users.map((u: { id: string }) => u.id)).not.toContain(anaId);
    const listed = (await carmen.api('GET', '/api/people')).body.people.find((p: { id: string }) => p.id === anaId);
    expect(listed.deactivatedAt).toEqual(expect.any(Number));

    expect((await carmen.api('POST', `/api/people/${anaId}/reactivate`)).status).toBe(200);
    const returned = await signInWithProvider(server, 'ana');
    expect(returned.location).toBe('/');
    expect((await returned.api('GET', '/api/session')).body.userId).toBe(anaId);
  });

  it('refuses a device link of a deactivated person', async () => {
    const dora = await signIn(server, 'Dora');
    const link = (await dora.api('POST', '/api/session/device-link')).body.url as string;
    expect((await server.api('POST', `/api/people/${dora.session.userId}/deactivate`)).status).toBe(200);
    const res = await fetch(`${server.url}/api/session/device`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: new URLSearchParams(new URL(link).hash.slice(1)).get('token') }),
    });
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toBe(DEACTIVATED);
  });

  it('lets the API token deactivate an invite account, naming automation on the timeline', async () => {
    const incidentId = await declareIncident(server, 'Queue backlog');
    const eli = await signIn(server, 'Eli');
    const socket = await socketWithCookie(server.url, server.url, eli.cookie);
    expect((await command(socket, { type: 'claimRole', incidentId, role: 'comms' })).ok).toBe(true);
    const revoked = new Promise<string>((resolve) => socket.once('access:revoked', resolve));
    const done = await server.api('POST', `/api/people/${eli.session.userId}/deactivate`);
    expect(done.body.rolesReleased).toEqual([{ incidentId, role: 'comms' }]);
    expect(await revoked).toBe(DEACTIVATED);
    const events = (await server.api('GET', `/api/incidents/${incidentId}/export.json`)).body.events;
    expect(events.at(-1)).toMatchObject({ type: 'role.released', role: 'comms', holder: { name: 'Eli' }, actor: { id: 'u-automation' } });
  });

  it('is for admins only, never on oneself, and only on people', async () => {
    const carmen = await signInWithProvider(server, 'carmen');
    const carmenId = (await carmen.api('GET', '/api/session')).body.userId;
    const fay = await signIn(server, 'Fay');
    expect((await fay.api('GET', '/api/people')).status).toBe(403);
    expect((await fay.api('POST', `/api/people/${carmenId}/deactivate`)).status).toBe(403);
    const self = await carmen.api('POST', `/api/people/${carmenId}/deactivate`);
    expect(self.status).toBe(403);
    expect(self.body.error.message).toBe('you cannot deactivate yourself; ask another admin');
    expect((await carmen.api('POST', '/api/people/u-nobody/deactivate')).status).toBe(404);
    expect((await carmen.api('POST', '/api/people/u-automation/deactivate')).status).toBe(404);
    expect((await carmen.api('GET', '/api/session')).status).toBe(200);
  });
});
