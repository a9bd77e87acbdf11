/** Garbage, text, truncated and unknown messages close only the sender's connection, with a reason. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { closeOf, connectDoc, eventually, rawSocket, synced } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { opened, syncFrame, transcriptUpdate } from '../helpers/frames.ts';
import { readTranscript } from '../../shared/responderDoc.ts';

function frame(...varUints: number[]): Uint8Array {
  const e = encoding.createEncoder();
  for (const v of varUints) encoding.writeVarUint(e, v);
  return encoding.toUint8Array(e);
}

describe('malformed frames', () => {
  let server: TestServer;
  let id: string;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer({ maxMessageBytes: 64 * 1024 });
    id = await declareIncident(server);
    token = await tokenFor(server, id, 'Attacker');
  });
  afterAll(() => server.close());

  const valid = transcriptUpdate('x');
  const cases: Array<[string, Uint8Array | string, number, RegExp]> = [
    ['garbage bytes', new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), 4400, /malformed message|unknown message type/],
    ['an empty frame', new Uint8Array(0), 4400, /malformed message/],
    ['a text frame', 'hello', 1003, /text frames are not part of the protocol/],
    ['a truncated sync step 1', frame(0, 0, 10), 4400, /malformed message/],
    ['a truncated update', syncFrame(2, valid).slice(0, 10), 4400, /malformed/],
    ['an update that is not Yjs', syncFrame(2, new Uint8Array([5, 200, 1, 2, 3, 4, 5])), 4400, /malformed Yjs update/],
    ['an unknown sync step', frame(0, 7), 4400, /unknown sync message 7/],
    ['an auth message', frame(2, 0), 4400, /unknown message type 2/],
    ['awareness that is not JSON', (() => {
      const inner = encoding.createEncoder();
      encoding.writeVarUint(inner, 1);
      encoding.writeVarUint(inner, 123);
      encoding.writeVarUint(inner, 1);
      encoding.writeVarString(inner, '{not json');
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
      return encoding.toUint8Array(e);
    })(), 4400, /presence state is not JSON/],
  ];
  for (const type of [4, 5, 9, 17, 127, 128, 255, 65535, 2 ** 30]) cases.push([`message type ${type}`, frame(type), 4400, new RegExp(`unknown message type ${type}`)]);

  it.each(cases)('%s closes that connection alone with a reason', async (_name, data, code, reason) => {
    const bystander = connectDoc(server.wsUrl, id, await tokenFor(server, id, 'Bystander'));
    await synced(bystander);
    const before = readTranscript(bystander.doc).length;
    const ws = rawSocket(`${server.wsUrl}/${id}?token=${token}`);
    await opened(ws);
    const closed = closeOf(ws);
    ws.send(data);
    const result = await closed;
    expect(result.code).toBe(code);
    expect(result.reason).toMatch(reason);

    // The bystander is still connected and still served.
    const entry = new Y.Map<unknown>();
    entry.set('id', 'after');
    entry.set('text', new Y.Text('still here'));
    bystander.doc.getArray('transcript').push([entry]);
    const witness = connectDoc(server.wsUrl, id, await tokenFor(server, id, 'Witness'));
    await eventually(() => readTranscript(witness.doc).length === before + 1, 'the bystander’s entry reaches a new client');
    expect(bystander.wsconnected).toBe(true);
    bystander.destroy();
    witness.destroy();
  });

  it('closes frames over MAX_MESSAGE_BYTES with 1009 and stays up', async () => {
    const ws = rawSocket(`${server.wsUrl}/${id}?token=${token}`);
    await opened(ws);
    const closed = closeOf(ws);
    ws.send(syncFrame(2, transcriptUpdate('x'.repeat(100 * 1024))));
    expect((await closed).code).toBe(1009);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });

  it('survives sockets that vanish mid-handshake and mid-frame', async () => {
    const net = await import('node:net');
    const port = Number(new URL(server.url).port);
    for (const payload of [
      'GET /yjs/x HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n',
      `GET /yjs/${id}?token=${token} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n\x82\xfe\xff`,
      'NOT HTTP AT ALL\r\n\r\n',
    ]) {
      const socket = net.connect(port, '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      socket.write(payload);
      await new Promise((r) => setTimeout(r, 50));
      socket.destroy();
    }
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});
