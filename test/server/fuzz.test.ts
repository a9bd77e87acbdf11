/**
 * Random and mutated y-websocket messages from a seeded generator. Whatever arrives, the server
 * stays up, keeps serving other connections, and its document stays loadable. fast-check prints
 * the seed of a failure; `FUZZ_SEED=<seed> npm run fuzz` replays it, `FUZZ_RUNS` sets the count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import type WebSocket from 'ws';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { connectDoc, rawSocket, synced } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { awarenessFrame, opened, syncFrame, transcriptUpdate } from '../helpers/frames.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;


const validFrames = [
  syncFrame(0, Y.encodeStateVector(new Y.Doc())),
  syncFrame(2, transcriptUpdate('seed entry')),
  syncFrame(1, transcriptUpdate('another')),
  awarenessFrame(77, 1, { typing: true }),
  new Uint8Array([3]),
];

/** Valid frames with bytes flipped, cut, or spliced; plus plain random bytes and varuint soup. */
const message = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc.tuple(fc.constantFrom(...validFrames), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 })).map(([frame, flips]) => {
    const copy = frame.slice();
    for (const [at, value] of flips) if (copy.length) copy[at % copy.length] = value;
    return copy;
  }),
  fc.tuple(fc.constantFrom(...validFrames), fc.nat()).map(([frame, cut]) => frame.slice(0, cut % (frame.length + 1))),
  fc.array(fc.nat({ max: 2 ** 31 }), { maxLength: 8 }).map((nums) => {
    const e = encoding.createEncoder();
    for (const n of nums) encoding.writeVarUint(e, n);
    return encoding.toUint8Array(e);
  }),
  fc.tuple(fc.nat({ max: 2 ** 31 }), fc.nat(), fc.string({ maxLength: 40 })).map(([id, clock, json]) => awarenessFrame(id, clock, null, json)),
);

describe('protocol fuzzing', () => {
  let server: TestServer;
  let id: string;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer();
    id = await declareIncident(server);
    token = await tokenFor(server, id, 'Fuzzer');
  });
  afterAll(() => server.close());

  it(`survives ${RUNS} batches of random and mutated messages`, async () => {
    const bystander = connectDoc(server.wsUrl, id, await tokenFor(server, id, 'Bystander'));
    await synced(bystander);
    // Every close, not just the state at the end: a room dropped early reconnects in time only without load.
    const bystanderCloses: string[] = [];
    bystander.on('connection-close', (event) => bystanderCloses.push(`${event?.code} ${event?.reason}`));
    await fc.assert(
      fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 20 }), async (batch) => {
        const ws: WebSocket = rawSocket(`${server.wsUrl}/${id}?token=${token}`);
        await opened(ws);
        for (const m of batch) if (ws.readyState === ws.OPEN) ws.send(m);
        // A fresh sync step 1 round trip on another connection proves the server still serves.
        const probe = rawSocket(`${server.wsUrl}/${id}?token=${token}`);
        await opened(probe);
        const answered = new Promise<void>((resolve) => probe.once('message', () => resolve()));
        probe.send(validFrames[0]!);
        await answered;
        probe.close();
        ws.close();
      }),
      { numRuns: RUNS, seed: SEED, verbose: 1 },
    );
    expect(bystanderCloses).toEqual([]);
    expect(bystander.wsconnected).toBe(true);
    const fresh = connectDoc(server.wsUrl, id, await tokenFor(server, id, 'After'));
    await synced(fresh);
    expect(fresh.doc.getArray('transcript').length).toBe(bystander.doc.getArray('transcript').length);
    fresh.destroy();
    bystander.destroy();
  });
});
