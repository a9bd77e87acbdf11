/**
 * Issue 11: sign-out only cleared the browser's cookie; a copied cookie worked for 7 days and
 * nothing could revoke it. Sessions are server-side records now: signing out, or revoking a
 * session through the API, ends it everywhere, open connections included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { closeOf } from '../helpers/clients.ts';
import { declareIncident } from '../helpers/incidents.ts';
import { opened } from '../helpers/frames.ts';
import { signIn } from '../helpers/sessions.ts';
import type { SignedIn } from '../helpers/sessions.ts';

function socketWithCookie(server: TestServer, cookie: string): Promise<Socket> {
  const socket = io(server.url, { extraHeaders: { cookie, origin: server.url }, transports: ['websocket'], reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Resolves with the reason the server gave when it ended this socket. */
function revokedOf(socket: Socket): Promise<string> {
  return new Promise((resolve) => socket.once('access:revoked', resolve));
}

describe('server-side sessions', () => {
  let server: TestServer;
  let id: string;
  beforeAll(async () => {
    server = await startTestServer();
    id = await declareIncident(server);
  });
  afterAll(() => server.close());

  async function openEverything(ana: SignedIn) {
    const ws = new WebSocket(`${server.wsUrl}/${id}`, { headers: { cookie: ana.cookie, origin: server.url } });
    await opened(ws);
    const socket = await socketWithCookie(server, ana.cookie);
    return { ws, wsClosed: closeOf(ws), socket, socketRevoked: revokedOf(socket) };
  }

  it('answers who is signed in: nobody (204), a session, or why a credential does not work (401)', async () => {
    expect((await fetch(`${server.url}/api/session`)).status).toBe(204);
    const stale = await fetch(`${server.url}/api/session`, { headers: { cookie: 'ir_session=irs_nothing-like-a-session' } });
    expect(stale.status).toBe(401);
    expect((await stale.json()).error.message).toBe('unknown session: sign in again');
    const ana = await signIn(server, 'Ana');
    expect((await ana.api('GET', '/api/session')).body).toMatchObject({ name: 'Ana', sessionId: ana.session.sessionId });
  });

  it('signing out ends the session on the server and closes its open connections', async () => {
    const ana = await signIn(server, 'Ana');
    const copied = ana.cookie;
    const open = await openEverything(ana);
    expect((await ana.api('GET', '/api/session')).status).toBe(200);

    const out = await fetch(`${server.url}/api/session`, { method: 'DELETE', headers: { cookie: ana.cookie, origin: server.url } });
    expect(out.status).toBe(204);
    expect(await open.wsClosed).toEqual({ code: 4401, reason: 'signed out' });
    expect(await open.socketRevoked).toBe('signed out');

    const replay = await fetch(`${server.url}/api/session`, { headers: { cookie: copied } });
    expect(replay.status).toBe(401);
    expect((await replay.json()).error.message).toBe('signed out: sign in again');
    const ws = new WebSocket(`${server.wsUrl}/${id}`, { headers: { cookie: copied, origin: server.url } });
    expect(await closeOf(ws)).toEqual({ code: 4401, reason: 'signed out: sign in again' });
    await expect(socketWithCookie(server, copied)).rejects.toThrow('signed out: sign in again');
    open.socket.close();
  });

  it('lists a person’s sessions and lets them or the API token revoke one', async () => {
    const ben = await signIn(server, 'Ben');
    const carla = await signIn(server, 'Carla');
    const mine = await ben.api('GET', `/api/users/${ben.session.userId}/sessions`);
    expect(mine.status).toBe(200);
    expect(mine.body.sessions).toHaveLength(1);
    expect(mine.body.sessions[0]).toMatchObject({ id: ben.session.sessionId, userId: ben.session.userId, revokedAt: null });
    expect(JSON.stringify(mine.body)).not.toMatch(/irs_/);

    // Someone else cannot list or revoke them: an unknown id and a foreign one answer alike.
    expect((await carla.api('GET', `/api/users/${ben.session.userId}/sessions`)).status).toBe(403);
    expect((await carla.api('DELETE', `/api/sessions/${ben.session.sessionId}`)).status).toBe(404);
    expect((await carla.api('DELETE', '/api/sessions/ses-doesnotexist')).status).toBe(404);
    expect((await ben.api('GET', '/api/session')).status).toBe(200);

    const open = await openEverything(ben);
    const revoked = await server.api('DELETE', `/api/sessions/${ben.session.sessionId}`);
    expect(revoked.body).toEqual({ revoked: true });
    expect((await open.wsClosed).code).toBe(4401);
    await open.socketRevoked;
    expect((await ben.api('GET', '/api/session')).status).toBe(401);
    expect((await server.api('GET', `/api/users/${ben.session.userId}/sessions`)).body.sessions).toEqual([]);
    open.socket.close();
  });
});
