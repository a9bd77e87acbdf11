import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { TestClock } from '../helpers/testClock.ts';
import { closeOf, connectDoc, connectSocket, rawSocket, synced } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { stateDocName } from '../../shared/documents.ts';

describe('tokens at the sync endpoint, on socket.io and on REST', () => {
  let server: TestServer;
  let id: string;
  const clock = new TestClock();
  beforeAll(async () => {
    server = await startTestServer({}, {}, { clock });
    id = await declareIncident(server);
  });
  afterAll(() => server.close());

  it('refuses missing, unknown, expired and revoked tokens with the reason', async () => {
    const expired = (await server.api('POST', `/api/incidents/${id}/tokens`, { access: 'responder', name: 'Temp', expiresInSeconds: 1 })).body.token;
    const revoked = await server.api('POST', `/api/incidents/${id}/tokens`, { access: 'stakeholder', name: 'Gone' });
    await server.api('DELETE', `/api/incidents/${id}/tokens/${revoked.body.id}`);
    clock.advance(1000);

    const cases: Array<[string | null, string]> = [
      [null, 'no credentials: pass a token or sign in'],
      ['irt_unknown-unknown-unknown', 'unknown token'],
      [expired, 'token expired'],
      [revoked.body.token, 'token revoked'],
    ];
    for (const [token, reason] of cases) {
      const ws = rawSocket(`${server.wsUrl}/${id}${token ? `?token=${token}` : ''}`);
      expect(await closeOf(ws)).toEqual({ code: 4401, reason });
      await expect(connectSocket(server.url, token ?? '')).rejects.toThrow(token ? reason : 'unknown token');
      const rest = await server.api('GET', '/api/incidents', undefined, token ?? '');
      expect(rest.status).toBe(401);
    }
  });

  it('accepts a token as a websocket subprotocol and refuses unknown documents', async () => {
    const token = await tokenFor(server, id, 'Subprotocol user');
    const ws = rawSocket(`${server.wsUrl}/${stateDocName(id)}`, {}, [token]);
    await new Promise((resolve) => ws.once('message', resolve));
    expect(ws.protocol).toBe(token);
    ws.close();
    expect(await closeOf(rawSocket(`${server.wsUrl}/inc-zzzzzzzz?token=${token}`))).toMatchObject({ code: 4404 });
    // A link cut short or mangled in a paste is a wrong token, not a missing one (issue 12).
    for (const mangled of [token.slice(0, 10), `${token}.`]) {
      expect(await closeOf(rawSocket(`${server.wsUrl}/${stateDocName(id)}`, {}, [mangled]))).toEqual({ code: 4401, reason: 'unknown token' });
    }
  });

  it('counts the stakeholder tabs open on each link', async () => {
    const made = await server.api('POST', `/api/incidents/${id}/tokens`, { access: 'stakeholder', name: 'Watchers' });
    const viewersOf = async () => (await server.api('GET', `/api/incidents/${id}/tokens`)).body.tokens.find((t: { id: string }) => t.id === made.body.id).viewers;
    expect(await viewersOf()).toBe(0);
    const tabs = [connectDoc(server.wsUrl, stateDocName(id), made.body.token), connectDoc(server.wsUrl, stateDocName(id), made.body.token)];
    await Promise.all(tabs.map((t) => synced(t)));
    expect(await viewersOf()).toBe(2);
    tabs[0]!.destroy();
    await vi.waitFor(async () => expect(await viewersOf()).toBe(1), { timeout: 10_000, interval: 50 });
    tabs[1]!.destroy();
  });

  it('revoking a stakeholder link closes its live connections', async () => {
    const created = await server.api('POST', `/api/incidents/${id}/tokens`, { access: 'stakeholder', name: 'Exec' });
    const provider = connectDoc(server.wsUrl, stateDocName(id), created.body.token);
    await synced(provider);
    const socket = await connectSocket(server.url, created.body.token);
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      provider.on('connection-close', (event) => resolve({ code: event!.code, reason: event!.reason })),
    );
    const disconnected = new Promise((resolve) => socket.on('disconnect', resolve));
    const res = await server.api('DELETE', `/api/incidents/${id}/tokens/${created.body.id}`);
    expect(res.body).toEqual({ revoked: true, closedConnections: 2 });
    expect(await closed).toEqual({ code: 4401, reason: 'token revoked' });
    await disconnected;
    provider.destroy();
    const listed = await server.api('GET', `/api/incidents/${id}/tokens`);
    expect(listed.body.tokens.find((t: { id: string }) => t.id === created.body.id).revokedAt).toBeTypeOf('number');
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);
  });

  it('refuses a browser upgrade from a foreign origin even with a valid token', async () => {
    const token = await tokenFor(server, id, 'Victim');
    const ws = rawSocket(`${server.wsUrl}/${id}?token=${token}`, { headers: { origin: 'https://evil.example' } });
    expect(await closeOf(ws)).toEqual({ code: 4403, reason: 'origin https://evil.example is not allowed' });
  });
});
