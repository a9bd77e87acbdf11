/**
 * Issue 12: a responder whose laptop shut stayed "present" for ~26 s, because nothing noticed
 * their socket was gone until TCP or presence timeouts did. The server pings every socket and
 * closes one that misses a ping, so their presence (and the away clock of their roles) follows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { closeOf, connectDoc, eventually, synced } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { awarenessFrame, opened } from '../helpers/frames.ts';

describe('a peer that vanishes without closing', () => {
  let server: TestServer;
  let id: string;
  beforeAll(async () => {
    // A second between pings: short enough for a quick test, long enough that a busy machine's
    // test process still answers in time for the peer that is alive.
    server = await startTestServer({ pingIntervalMs: 1000 }, { PRESENCE_BATCH_MS: '0' });
    id = await declareIncident(server);
  });
  afterAll(() => server.close());

  it('is closed after a missed ping and its presence removed, while a live peer stays', async () => {
    const watcher = connectDoc(server.wsUrl, id, await tokenFor(server, id, 'Watcher'));
    await synced(watcher);
    // A client that stops answering pings, as one whose network is gone: its socket stays open.
    const gone = new WebSocket(`${server.wsUrl}/${id}?token=${await tokenFor(server, id, 'Laptop shut')}`, { autoPong: false });
    await opened(gone);
    const alive = new WebSocket(`${server.wsUrl}/${id}?token=${await tokenFor(server, id, 'Still here')}`);
    await opened(alive);
    let pings = 0;
    alive.on('ping', () => pings++);
    gone.send(awarenessFrame(31_001, 1, { typing: false }));
    alive.send(awarenessFrame(31_002, 1, { typing: false }));
    const states = () => watcher.awareness.getStates();
    await eventually(() => states().has(31_001) && states().has(31_002), 'both present', 20_000);

    const closed = closeOf(gone);
    await eventually(() => !states().has(31_001), 'the vanished peer’s presence removed', 20_000);
    expect((await closed).code).toBe(1006);
    // The live one answered every ping meanwhile and is still there.
    expect(pings).toBeGreaterThan(0);
    expect(alive.readyState).toBe(WebSocket.OPEN);
    expect(states().has(31_002)).toBe(true);
    alive.close();
    watcher.destroy();
  });
});
