/**
 * Crafted Yjs updates that would park as pending structs, grow server memory or attack
 * recursion are refused before anything is stored, and the document stays as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { closeOf, connectDoc, rawSocket, synced } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { opened, syncFrame } from '../helpers/frames.ts';
import { stateDocName } from '../../shared/documents.ts';

/** A v1 update with one string item for `client` at `clock` under root `transcript`. */
function rawUpdate(structs: Array<{ client: number; clock: number }>, lengthOverride?: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, structs.length);
  for (const s of structs) {
    encoding.writeVarUint(e, lengthOverride ?? 1);
    encoding.writeVarUint(e, s.client);
    encoding.writeVarUint(e, s.clock);
    encoding.writeUint8(e, 4 | 0); // ContentString, no origins, explicit parent
    encoding.writeVarUint(e, 1); // parent is a root named by string
    encoding.writeVarString(e, 'notes');
    encoding.writeVarString(e, 'x');
  }
  encoding.writeVarUint(e, 0); // empty delete set
  return encoding.toUint8Array(e);
}

describe('crafted Yjs updates', () => {
  let server: TestServer;
  let id: string;
  beforeAll(async () => {
    server = await startTestServer();
    id = await declareIncident(server);
  });
  afterAll(() => server.close());

  /** Completes the handshake as a client holding nothing (an empty step 2), then sends the update. */
  async function sendAndClose(update: Uint8Array): Promise<{ code: number; reason: string }> {
    const ws = rawSocket(`${server.wsUrl}/${id}?token=${await tokenFor(server, id, 'Crafter')}`);
    await opened(ws);
    const closed = closeOf(ws);
    ws.send(syncFrame(1, new Uint8Array([0, 0])));
    ws.send(syncFrame(2, update));
    return closed;
  }

  async function snapshotOfServer(): Promise<{ responder: Uint8Array; clients: number }> {
    const token = await tokenFor(server, id, 'Observer');
    const responder = connectDoc(server.wsUrl, id, token);
    const state = connectDoc(server.wsUrl, stateDocName(id), token);
    await Promise.all([synced(responder), synced(state)]);
    const result = { responder: Y.encodeStateAsUpdate(responder.doc), clients: state.doc.getMap('clients').size };
    responder.destroy();
    state.destroy();
    return result;
  }

  const cases: Array<[string, () => Uint8Array, RegExp]> = [
    ['a far-future clock', () => rawUpdate([{ client: 4242, clock: 1_000_000 }]), /depends on changes the server does not have/],
    ['an inflated length field', () => rawUpdate([{ client: 4243, clock: 0 }], 2 ** 31), /malformed/],
    ['thousands of fake client ids', () => rawUpdate(Array.from({ length: 5000 }, (_, i) => ({ client: 100_000 + i, clock: 0 }))), /introduces 5000 Yjs client ids/],
    [
      'deeply nested content',
      () => {
        const doc = new Y.Doc();
        let parent: Y.Map<unknown> = new Y.Map();
        doc.getArray('transcript').push([parent]);
        for (let i = 0; i < 50; i++) {
          const child = new Y.Map<unknown>();
          parent.set('child', child);
          parent = child;
        }
        return Y.encodeStateAsUpdate(doc);
      },
      /nested deeper than 8/,
    ],
    [
      'a deletion of changes the server does not have',
      () => {
        const e = encoding.createEncoder();
        encoding.writeVarUint(e, 0); // no structs
        encoding.writeVarUint(e, 1); // one client in the delete set
        encoding.writeVarUint(e, 777);
        encoding.writeVarUint(e, 1);
        encoding.writeVarUint(e, 1_000_000);
        encoding.writeVarUint(e, 1_000_000);
        return encoding.toUint8Array(e);
      },
      /deletes changes the server does not have/,
    ],
  ];

  it.each(cases)('%s is refused and changes nothing', async (_name, make, reason) => {
    const before = await snapshotOfServer();
    const closed = await sendAndClose(make());
    expect(closed.code).toBe(4400);
    expect(closed.reason).toMatch(reason);
    const after = await snapshotOfServer();
    expect(after.responder).toEqual(before.responder);
    expect(after.clients).toBe(before.clients);
  });

  it('before its step 2, an update building on changes the server lacks is set aside, not applied', async () => {
    // A client back from a disconnect may send new edits before its step 2, which carries the
    // ones the server lacks; those edits come again in that step 2.
    const before = await snapshotOfServer();
    const ws = rawSocket(`${server.wsUrl}/${id}?token=${await tokenFor(server, id, 'Early')}`);
    await opened(ws);
    ws.send(syncFrame(2, rawUpdate([{ client: 4244, clock: 1_000_000 }])));
    await new Promise((r) => setTimeout(r, 150));
    expect(ws.readyState).toBe(ws.OPEN);
    const closed = closeOf(ws);
    ws.send(syncFrame(1, new Uint8Array([0, 0])));
    ws.send(syncFrame(2, rawUpdate([{ client: 4244, clock: 1_000_000 }])));
    expect((await closed).code).toBe(4400);
    const after = await snapshotOfServer();
    expect(after.responder).toEqual(before.responder);
  });

  it('a legitimate nested entry (map with text) still passes', async () => {
    const doc = new Y.Doc();
    const entry = new Y.Map<unknown>();
    entry.set('id', 'ok');
    entry.set('text', new Y.Text('fine'));
    doc.getArray('transcript').push([entry]);
    const ws = rawSocket(`${server.wsUrl}/${id}?token=${await tokenFor(server, id, 'Legit')}`);
    await opened(ws);
    ws.send(syncFrame(2, Y.encodeStateAsUpdate(doc)));
    await new Promise((r) => setTimeout(r, 150));
    expect(ws.readyState).toBe(ws.OPEN);
    ws.close();
  });
});
