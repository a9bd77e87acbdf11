/**
 * Issue 11: expiry was checked only when a connection opened, so an expired token kept writing on
 * its open Yjs socket and its socket.io connection. Now a token or session that expires while
 * connected is disconnected within a second (the test clock is moved past the expiry).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { io } from 'socket.io-client';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { TestClock } from '../helpers/testClock.ts';
import { closeOf, connectSocket, rawSocket } from '../helpers/clients.ts';
import { declareIncident } from '../helpers/incidents.ts';
import { opened } from '../helpers/frames.ts';
import { signIn } from '../helpers/sessions.ts';

describe('credential lifetimes on open connections', () => {
  const clock = new TestClock();
  let server: TestServer;
  let id: string;
  beforeAll(async () => {
    server = await startTestServer({}, { SESSION_TTL_HOURS: '1' }, { clock });
    id = await declareIncident(server);
  });
  afterAll(() => server.close());

  it('closes a token’s Yjs socket and socket.io connection when it expires', async () => {
    const made = await server.api('POST', `/api/incidents/${id}/tokens`, { access: 'responder', name: 'Temp', expiresInSeconds: 60 });
    const lasting = await server.api('POST', `/api/incidents/${id}/tokens`, { access: 'responder', name: 'Lasting' });
    const ws = rawSocket(`${server.wsUrl}/${id}?token=${made.body.token}`);
    await opened(ws);
    const keeper = rawSocket(`${server.wsUrl}/${id}?token=${lasting.body.token}`);
    await opened(keeper);
    const socket = await connectSocket(server.url, made.body.token);
    const revoked = new Promise<string>((resolve) => socket.once('access:revoked', resolve));
    const closed = closeOf(ws);

    clock.advance(61_000);
    expect(await closed).toEqual({ code: 4401, reason: 'token expired' });
    expect(await revoked).toBe('token expired');
    expect(keeper.readyState).toBe(WebSocket.OPEN);
    keeper.close();
    socket.close();
  });

  it('closes a session’s connections when the session expires', async () => {
    const ana = await signIn(server, 'Ana');
    const ws = new WebSocket(`${server.wsUrl}/${id}`, { headers: { cookie: ana.cookie, origin: server.url } });
    await opened(ws);
    const socket = io(server.url, { extraHeaders: { cookie: ana.cookie, origin: server.url }, transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const revoked = new Promise<string>((resolve) => socket.once('access:revoked', resolve));
    const closed = closeOf(ws);
    clock.advance(3600_000 + 1);
    expect(await closed).toEqual({ code: 4401, reason: 'session expired: sign in again' });
    expect(await revoked).toBe('session expired: sign in again');
    socket.close();
  });
});
