/**
 * A read-only client that never reads what it is sent, and asks for a 1 MB document 300 times,
 * grows the server by less than 32 MB (issue 11: 150 such requests grew it by 205 MB). With the
 * default limits the state-request rate closes it first (1008); with that rate switched off, the
 * send buffer limit alone closes it (4503) and counts it. Memory is measured in this process,
 * which is the server's: heap plus external (where Buffers queued on sockets live), after GC.
 */
import { afterEach, describe, expect, it } from 'vitest';
import v8 from 'node:v8';
import vm from 'node:vm';
import * as Y from 'yjs';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { connectDoc, eventually, rawSocket, synced } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { opened, syncFrame } from '../helpers/frames.ts';
import { capturingLogger } from '../helpers/logCapture.ts';
import { loadConfig } from '../../server/config.ts';
import type { ServerLimits } from '../../server/config.ts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const MB = 1024 * 1024;

const held = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};

async function settled(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setImmediate(r));
  }
  return held();
}

/** Writes about 1 MB of transcript, in entries below MAX_MESSAGE_BYTES, and waits until a new client holds it. */
async function fillDocument(server: TestServer, id: string): Promise<void> {
  const writer = connectDoc(server.wsUrl, id, server.adminToken);
  await synced(writer);
  for (let i = 0; i < 5; i++) {
    const entry = new Y.Map<unknown>();
    entry.set('id', `big-${i}`);
    entry.set('text', new Y.Text('x'.repeat(210 * 1024)));
    writer.doc.getArray('transcript').push([entry]);
  }
  const reader = connectDoc(server.wsUrl, id, server.adminToken);
  await eventually(() => reader.doc.getArray('transcript').length === 5, 'the 1 MB document is stored');
  expect(Y.encodeStateAsUpdate(reader.doc).length).toBeGreaterThan(MB);
  writer.destroy();
  reader.destroy();
}

describe('a client that never reads', () => {
  let server: TestServer | null = null;
  afterEach(() => server?.close());

  /** The last column: how many slow clients /api/health then reports closed, where that is certain. */
  const cases: Array<[string, Partial<ServerLimits>, RegExp, number | null]> = [
    ['with the default limits', {}, /too many state requests per second|closed a connection that stopped reading/, null],
    ['with the state-request rate off, by the send buffer limit alone', { stateRequestsPerSecond: 0 }, /closed a connection that stopped reading/, 1],
  ];
  it.each(cases)('asking for a 1 MB document 300 times grows the server by less than 32 MB, %s', async (_name, limits, closedBy, slowClosed) => {
    const { logger, lines } = capturingLogger('debug');
    server = await startTestServer({ limits: { ...loadConfig({}).limits, ...limits } }, {}, { logger });
    const id = await declareIncident(server);
    await fillDocument(server, id);
    const stakeholder = await tokenFor(server, id, 'Never reads', 'stakeholder');
    const before = await settled();

    const ws = rawSocket(`${server.wsUrl}/${id}?token=${stakeholder}`);
    await opened(ws);
    ws.pause();
    const stepOne = syncFrame(0, Y.encodeStateVector(new Y.Doc()));
    for (let i = 0; i < 300; i++) ws.send(stepOne);
    const closed = () => lines.find((l) => closedBy.test(String(l.reason ?? l.msg)));
    // Either the server closes it, or memory runs away (the failure this test exists for).
    await eventually(() => closed() !== undefined || held() - before > 64 * MB, 'the server to close the connection or grow by 64 MB', 20_000);
    const grownMb = ((await settled()) - before) / MB;
    console.log(`grown by ${grownMb.toFixed(1)} MB; closed by: ${closed() ? String(closed()!.reason ?? closed()!.msg) : 'nothing'}`);
    expect(closed()).toBeDefined();
    expect(grownMb).toBeLessThan(32);
    if (slowClosed !== null) expect((await server.api('GET', '/api/health')).body.slowClientsClosed).toBe(slowClosed);
    ws.terminate();
  });
});
