/** Presence never carries authority: names are rewritten, and another connection's id cannot be used. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { connectDoc, eventually, rawSocket, synced } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { awarenessFrame, opened } from '../helpers/frames.ts';


describe('awareness spoofing', () => {
  let server: TestServer;
  let id: string;
  beforeAll(async () => {
    server = await startTestServer();
    id = await declareIncident(server);
  });
  afterAll(() => server.close());

  it('rewrites a claimed name and role to the sender’s own identity', async () => {
    const watcher = connectDoc(server.wsUrl, id, await tokenFor(server, id, 'Watcher'));
    await synced(watcher);
    const ws = rawSocket(`${server.wsUrl}/${id}?token=${await tokenFor(server, id, 'Mallory')}`);
    await opened(ws);
    ws.send(awarenessFrame(9001, 1, { user: { id: 'u-alice', name: 'Alice', access: 'admin' }, role: 'commander', typing: true }));
    await eventually(() => watcher.awareness.getStates().has(9001), 'presence relayed');
    const state = watcher.awareness.getStates().get(9001)!;
    expect(state.user).toMatchObject({ name: 'Mallory', access: 'responder' });
    expect(state.user.id).not.toBe('u-alice');
    ws.close();
    watcher.destroy();
  });

  it('drops presence for another connection’s client id, and removal of it', async () => {
    const alice = connectDoc(server.wsUrl, id, await tokenFor(server, id, 'Alice'));
    alice.awareness.setLocalStateField('typing', false);
    await synced(alice);
    const watcher = connectDoc(server.wsUrl, id, await tokenFor(server, id, 'Watcher 2'));
    await synced(watcher);
    const aliceId = alice.doc.clientID;
    await eventually(() => watcher.awareness.getStates().get(aliceId)?.user?.name === 'Alice', 'alice present');

    const ws = rawSocket(`${server.wsUrl}/${id}?token=${await tokenFor(server, id, 'Mallory 2')}`);
    await opened(ws);
    ws.send(awarenessFrame(aliceId, 1000, { typing: true, note: 'I am Alice' }));
    ws.send(awarenessFrame(aliceId, 1001, null));
    await new Promise((r) => setTimeout(r, 200));
    const state = watcher.awareness.getStates().get(aliceId);
    expect(state?.user?.name).toBe('Alice');
    expect(state?.note).toBeUndefined();
    ws.close();
    alice.destroy();
    watcher.destroy();
  });
});

describe('presence across reconnects', () => {
  it('a stock client that reconnects is shown again at once, not after its next heartbeat', async () => {
    const server = await startTestServer();
    const id = await declareIncident(server);
    const watcher = connectDoc(server.wsUrl, id, await tokenFor(server, id, 'Watcher'));
    const flaky = connectDoc(server.wsUrl, id, await tokenFor(server, id, 'Flaky'));
    flaky.awareness.setLocalStateField('typing', false);
    await Promise.all([synced(watcher), synced(flaky)]);
    const present = () => watcher.awareness.getStates().get(flaky.doc.clientID)?.user?.name === 'Flaky';
    await eventually(present, 'flaky present');
    flaky.disconnect();
    await eventually(() => !present(), 'flaky gone');
    flaky.connect();
    // The awareness heartbeat is 15 s; well before it, the re-announced state must be shown.
    await eventually(present, 'flaky present again', 3000);
    watcher.destroy();
    flaky.destroy();
    await server.close();
  });
});
