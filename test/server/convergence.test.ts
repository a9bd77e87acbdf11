import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { connectDoc, eventually, synced } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';

function addEntry(doc: Y.Doc, id: string, text: string): Y.Map<unknown> {
  const entry = new Y.Map<unknown>();
  doc.transact(() => {
    entry.set('id', id);
    entry.set('at', Date.now());
    entry.set('kind', 'note');
    entry.set('text', new Y.Text(text));
    doc.getArray('transcript').push([entry]);
  });
  return entry;
}

const texts = (doc: Y.Doc) => doc.getArray<Y.Map<unknown>>('transcript').toArray().map((e) => (e.get('text') as Y.Text).toString());

describe('two stock y-websocket clients', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('converge on transcript entries, action items and concurrent edits of one entry', async () => {
    const id = await declareIncident(server);
    const alice = connectDoc(server.wsUrl, id, await tokenFor(server, id, 'Alice'));
    const bob = connectDoc(server.wsUrl, id, await tokenFor(server, id, 'Bob'));
    await Promise.all([synced(alice), synced(bob)]);

    addEntry(alice.doc, 'e1', 'db primary unreachable');
    addEntry(bob.doc, 'e2', 'failing over to replica');
    const action = new Y.Map<unknown>();
    alice.doc.transact(() => {
      action.set('id', 'a1');
      action.set('title', new Y.Text('check replication lag'));
      action.set('owner', null);
      action.set('status', 'open');
      action.set('createdAt', Date.now());
      alice.doc.getArray('actions').push([action]);
    });
    await eventually(() => texts(alice.doc).length === 2 && texts(bob.doc).length === 2, 'both entries on both clients');
    await eventually(() => bob.doc.getArray('actions').length === 1, 'action item on bob');

    // Both edit the same entry's text at the same time, while neither has seen the other's edit.
    alice.disconnect();
    bob.disconnect();
    const entryA = alice.doc.getArray<Y.Map<unknown>>('transcript').get(0).get('text') as Y.Text;
    const entryB = bob.doc.getArray<Y.Map<unknown>>('transcript').get(0).get('text') as Y.Text;
    entryA.insert(0, '[alice] ');
    entryB.insert(entryB.length, ' (bob: since 09:14)');
    (bob.doc.getArray<Y.Map<unknown>>('actions').get(0)).set('status', 'done');
    alice.connect();
    bob.connect();
    await eventually(() => texts(alice.doc)[0] === texts(bob.doc)[0] && texts(alice.doc)[0]!.includes('bob:'), 'concurrent edits merged');

    expect(texts(alice.doc)).toEqual(texts(bob.doc));
    expect(texts(alice.doc)[0]).toContain('[alice] ');
    expect(texts(alice.doc)[0]).toContain('(bob: since 09:14)');
    await eventually(() => alice.doc.getArray<Y.Map<unknown>>('actions').get(0).get('status') === 'done', 'action marked done on alice');

    // A third client that joins later loads exactly the same state from the server.
    const carol = connectDoc(server.wsUrl, id, await tokenFor(server, id, 'Carol'));
    await synced(carol);
    expect(texts(carol.doc)).toEqual(texts(alice.doc));
    expect(Y.encodeStateVector(carol.doc)).toEqual(Y.encodeStateVector(alice.doc));
    for (const p of [alice, bob, carol]) p.destroy();
  });
});
