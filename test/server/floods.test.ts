/** Per-connection rate limits and per-address connection limits, with their configured values. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { closeOf, connectDoc, connectSocket, rawSocket, synced } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { awarenessFrame, opened, syncFrame, transcriptUpdate } from '../helpers/frames.ts';
import { loadConfig } from '../../server/config.ts';


describe('floods', () => {
  let server: TestServer;
  let id: string;
  beforeAll(async () => {
    const base = loadConfig({});
    server = await startTestServer({
      limits: { ...base.limits, updatesPerSecond: 20, awarenessPerSecond: 5, connectionsPerAddress: 30 },
    });
    id = await declareIncident(server);
  });
  afterAll(() => server.close());

  it('a flood of small updates is closed with 1008 once past the burst', async () => {
    const ws = rawSocket(`${server.wsUrl}/${id}?token=${await tokenFor(server, id, 'Flooder')}`);
    await opened(ws);
    const closed = closeOf(ws);
    // 20/s with a 5 s burst allows 100; send 400 distinct updates at once.
    for (let i = 0; i < 400; i++) ws.send(syncFrame(2, transcriptUpdate(`flood ${i}`, 10_000 + i)));
    expect(await closed).toEqual({ code: 1008, reason: 'too many updates per second' });
  });

  it('a flood of presence is thinned to the configured rate, not relayed in full', async () => {
    const watcher = connectDoc(server.wsUrl, id, await tokenFor(server, id, 'Watcher'));
    await synced(watcher);
    let seen = 0;
    watcher.awareness.on('change', () => seen++);
    const ws = rawSocket(`${server.wsUrl}/${id}?token=${await tokenFor(server, id, 'Chatty')}`);
    await opened(ws);
    for (let clock = 1; clock <= 300; clock++) ws.send(awarenessFrame(555_000, clock, { cursor: clock }));
    await new Promise((r) => setTimeout(r, 500));
    // 5/s with a 3 s burst: at most ~16 of 300 get through in half a second.
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThanOrEqual(20);
    expect(ws.readyState).toBe(ws.OPEN);
    ws.close();
    watcher.destroy();
  });

  it('connections from one address beyond the limit are refused, and freed slots are reusable', async () => {
    const token = await tokenFor(server, id, 'Many tabs');
    const sockets = Array.from({ length: 40 }, () => rawSocket(`${server.wsUrl}/${id}?token=${token}`));
    const outcomes = await Promise.all(
      sockets.map(
        (ws) =>
          new Promise<string>((resolve) => {
            ws.once('message', () => resolve('served'));
            ws.once('close', (code) => resolve(String(code)));
          }),
      ),
    );
    expect(outcomes.filter((o) => o === 'served')).toHaveLength(30);
    expect(outcomes.filter((o) => o === '1008')).toHaveLength(10);
    await Promise.all(sockets.map((ws) => (ws.readyState === ws.OPEN ? (ws.close(), closeOf(ws)) : null)));
    const again = connectDoc(server.wsUrl, id, token);
    await synced(again);
    again.destroy();
  });

  it('a socket.io payload over its limit drops that socket and nothing else', async () => {
    const token = await tokenFor(server, id, 'Big sender');
    const big = await connectSocket(server.url, token);
    const other = await connectSocket(server.url, token);
    const dropped = new Promise((resolve) => big.on('disconnect', resolve));
    big.emit('command', { type: 'publishUpdate', incidentId: id, text: 'x'.repeat(200 * 1024) }, () => {});
    await dropped;
    const reply = await other.timeout(5000).emitWithAck('command', { type: 'acknowledge', incidentId: id });
    expect(reply.ok).toBe(true);
    other.disconnect();
  });
});
