/**
 * One responder's malformed update closes that responder alone, never the room (issue 11: the
 * flaky fuzz test's bystander was disconnected). The update below is a real transcript entry
 * whose second item names itself as its parent: Yjs applies the first item, then throws on the
 * second, and the server used to drop the whole room, closing everyone in it with 1011.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { closeOf, connectDoc, eventually, rawSocket, synced } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { opened, syncFrame, transcriptUpdate } from '../helpers/frames.ts';
import { readTranscript } from '../../shared/responderDoc.ts';

/** transcriptUpdate's second item (client 4242, clock 1) with its parent clock, byte 23, set to 1: itself. */
function selfParentedUpdate(): Uint8Array {
  const update = transcriptUpdate('hello', 4242);
  update[23] = 1;
  const second = Y.decodeUpdate(update).structs[1] as Y.Item;
  expect(second.id).toEqual(Y.createID(4242, 1));
  expect(second.parent).toEqual(Y.createID(4242, 1));
  return update;
}

describe('a malformed update from one responder', () => {
  let server: TestServer;
  let id: string;
  beforeAll(async () => {
    server = await startTestServer();
    id = await declareIncident(server);
  });
  afterAll(() => server.close());

  it('closes its sender with 4400 and leaves everyone else in the room connected', async () => {
    const bystander = connectDoc(server.wsUrl, id, await tokenFor(server, id, 'Bystander'));
    await synced(bystander);
    const bystanderCloses: number[] = [];
    bystander.on('connection-close', (event) => bystanderCloses.push(event?.code ?? 0));

    const ws = rawSocket(`${server.wsUrl}/${id}?token=${await tokenFor(server, id, 'Sender')}`);
    await opened(ws);
    const closed = closeOf(ws);
    ws.send(syncFrame(2, selfParentedUpdate()));
    const result = await closed;
    expect(result.code).toBe(4400);
    expect(result.reason).toMatch(/malformed Yjs update/);

    // The bystander still writes through the same room, to a client that joins now.
    const entry = new Y.Map<unknown>();
    entry.set('id', 'after');
    entry.set('text', new Y.Text('still here'));
    bystander.doc.getArray('transcript').push([entry]);
    const witness = connectDoc(server.wsUrl, id, await tokenFor(server, id, 'Witness'));
    await eventually(() => readTranscript(witness.doc).some((e) => e.id === 'after'), 'the bystander’s entry reaches a new client');
    expect(bystanderCloses).toEqual([]);
    bystander.destroy();
    witness.destroy();
  });
});
