import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { closeOf, connectDoc, rawSocket, synced } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { opened, syncFrame, updateOf } from '../helpers/frames.ts';
import { stateDocName } from '../../shared/documents.ts';
import { stateMaps } from '../../shared/stateDoc.ts';

describe('server-owned state', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('a responder cannot change roles, severity or status through Yjs, only through commands', async () => {
    const id = await declareIncident(server);
    const token = await tokenFor(server, id, 'Mallory');

    // Through the stock provider on the state document: local edits never reach the server.
    const state = connectDoc(server.wsUrl, stateDocName(id), token);
    await synced(state);
    stateMaps(state.doc).meta.set('severity', 'SEV4');
    stateMaps(state.doc).meta.set('status', 'resolved');
    stateMaps(state.doc).roles.set('commander', { id: 'u-mallory', name: 'Mallory', since: 0 });

    // Through the responder document: server-owned roots are refused and the connection closed.
    const ws = rawSocket(`${server.wsUrl}/${id}?token=${token}`);
    await opened(ws);
    const closed = closeOf(ws);
    ws.send(syncFrame(2, updateOf((d) => d.getMap('roles').set('commander', { id: 'u-mallory', name: 'Mallory', since: 0 }))));
    expect(await closed).toEqual({ code: 4403, reason: 'root "roles" is not writable in the responder document' });

    const observer = connectDoc(server.wsUrl, stateDocName(id), await tokenFor(server, id, 'Observer'));
    await synced(observer);
    const maps = stateMaps(observer.doc);
    expect(maps.meta.get('severity')).toBe('SEV2');
    expect(maps.meta.get('status')).toBe('investigating');
    expect(maps.roles.has('commander')).toBe(false);
    expect((await server.api('GET', `/api/incidents/${id}`)).body.severity).toBe('SEV2');

    // The same changes through commands work and reach the observer live.
    expect((await server.api('POST', `/api/incidents/${id}/commands`, { type: 'setSeverity', severity: 'SEV1' }, token)).status).toBe(200);
    expect((await server.api('POST', `/api/incidents/${id}/commands`, { type: 'setStatus', status: 'identified' }, token)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(maps.meta.get('severity')).toBe('SEV1');
    expect(maps.meta.get('status')).toBe('identified');
    state.destroy();
    observer.destroy();
  });

  it('refuses an update written with another user’s Yjs client id', async () => {
    const id = await declareIncident(server);
    const alice = connectDoc(server.wsUrl, id, await tokenFor(server, id, 'Alice'));
    await synced(alice);
    alice.doc.getArray('transcript').push([new Y.Map()]);
    const aliceClient = alice.doc.clientID;
    const watcher = connectDoc(server.wsUrl, stateDocName(id), await tokenFor(server, id, 'Watcher'));
    await synced(watcher);
    await new Promise((r) => setTimeout(r, 100));
    expect(stateMaps(watcher.doc).clients.get(String(aliceClient))).toBeDefined();

    // Mallory continues Alice's clock with Alice's client id, as if she were Alice.
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(alice.doc));
    forged.clientID = aliceClient;
    const before = Y.encodeStateVector(forged);
    forged.getArray('transcript').push(['I am Alice']);
    const ws = rawSocket(`${server.wsUrl}/${id}?token=${await tokenFor(server, id, 'Mallory')}`);
    await opened(ws);
    const closed = closeOf(ws);
    ws.send(syncFrame(2, Y.encodeStateAsUpdate(forged, before)));
    expect((await closed).code).toBe(4403);
    await new Promise((r) => setTimeout(r, 100));
    expect(alice.doc.getArray('transcript').length).toBe(1);
    alice.destroy();
    watcher.destroy();
  });
});

describe('responder document roots', () => {
  it('accepts a new checklist for a role and a client resending server-made content; refuses a keyed write to a list root', async () => {
    const server = await startTestServer();
    const id = await declareIncident(server);
    const token = await tokenFor(server, id, 'Checker');
    // The server seeded checklists; a client that has them and resends its whole copy is fine.
    const first = connectDoc(server.wsUrl, id, token);
    await synced(first);
    expect(first.doc.getMap('checklists').size).toBeGreaterThan(0);
    const copy = Y.encodeStateAsUpdate(first.doc);
    first.destroy();
    const resender = rawSocket(`${server.wsUrl}/${id}?token=${token}`);
    await opened(resender);
    resender.send(syncFrame(2, copy));
    // A checklist under a new key is a keyed write to the map root: allowed.
    resender.send(syncFrame(2, updateOf((d) => d.getMap('checklists').set('sme', new Y.Array()))));
    await new Promise((r) => setTimeout(r, 200));
    expect(resender.readyState).toBe(resender.OPEN);
    resender.close();
    // A keyed write into a list root is not the schema.
    const ws = rawSocket(`${server.wsUrl}/${id}?token=${token}`);
    await opened(ws);
    const closed = closeOf(ws);
    ws.send(syncFrame(2, updateOf((d) => d.getMap('transcript').set('x', 1))));
    expect((await closed).code).toBe(4403);
    const check = connectDoc(server.wsUrl, id, token);
    await synced(check);
    expect(check.doc.getMap('checklists').has('sme')).toBe(true);
    check.destroy();
    await server.close();
  });
});
