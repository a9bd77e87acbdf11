/** A burst of updates is stored one by one but relayed to each reader as a few merged messages. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { connectDoc, eventually, rawSocket, synced } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { opened, syncFrame } from '../helpers/frames.ts';
import { readTranscript } from '../../shared/responderDoc.ts';

describe('update relay batching', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('100 updates sent at once reach a reader complete, in far fewer than 100 messages', async () => {
    const id = await declareIncident(server);
    const token = await tokenFor(server, id, 'Burst');
    const reader = rawSocket(`${server.wsUrl}/${id}?token=${token}`);
    await opened(reader);
    let updateMessages = 0;
    // What the reader was sent, applied, so the test can wait until everything has reached it.
    const seen = new Y.Doc();
    reader.on('message', (data: Buffer) => {
      const d = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(d) === 0 && decoding.readVarUint(d) === 2) {
        updateMessages++;
        Y.applyUpdate(seen, decoding.readVarUint8Array(d));
      }
    });
    const writer = rawSocket(`${server.wsUrl}/${id}?token=${token}`);
    await opened(writer);
    const doc = new Y.Doc();
    const frames: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => frames.push(syncFrame(2, u)));
    for (let i = 0; i < 100; i++) {
      const entry = new Y.Map<unknown>();
      entry.set('id', `b${i}`);
      entry.set('text', new Y.Text(`burst ${i}`));
      doc.getArray('transcript').push([entry]);
    }
    for (const f of frames) writer.send(f);

    const check = connectDoc(server.wsUrl, id, token);
    await synced(check);
    await eventually(() => readTranscript(check.doc).length === 100, 'all 100 stored');
    await eventually(() => readTranscript(seen).length === 100, 'all 100 relayed to the reader');
    console.log(`100 updates relayed in ${updateMessages} messages`);
    expect(updateMessages).toBeGreaterThan(0);
    expect(updateMessages).toBeLessThan(50);
    check.destroy();
    reader.close();
    writer.close();
  });
});
