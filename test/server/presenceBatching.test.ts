/**
 * Presence changes from many clients reach each watcher as a few batched messages, all included.
 * The batch window is widened to a second here: on a busy machine twenty frames sent at once can
 * arrive more than the default 100 ms apart, and the test is about batching, not the machine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { eventually, rawSocket } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { awarenessFrame, opened } from '../helpers/frames.ts';
import { decodeAwarenessUpdate } from '../../server/sync/awarenessIdentity.ts';


describe('presence batching', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({}, { PRESENCE_BATCH_MS: '1000' });
  });
  afterAll(() => server.close());

  it('twenty simultaneous presence changes arrive as at most a few messages, none missing', async () => {
    const id = await declareIncident(server);
    const token = await tokenFor(server, id, 'Crowd');
    const watcher = rawSocket(`${server.wsUrl}/${id}?token=${token}`);
    await opened(watcher);
    const presenceMessages: number[][] = [];
    watcher.on('message', (data: Buffer) => {
      const d = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(d) !== 1) return;
      presenceMessages.push(decodeAwarenessUpdate(decoding.readVarUint8Array(d)).map((e) => e.clientId));
    });
    const crowd = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const ws = rawSocket(`${server.wsUrl}/${id}?token=${token}`);
        await opened(ws);
        return ws;
      }),
    );
    crowd.forEach((ws, i) => ws.send(awarenessFrame(1000 + i, 1, { typing: true })));
    const everyone = Array.from({ length: 20 }, (_, i) => 1000 + i);
    await eventually(() => everyone.every((id) => presenceMessages.some((m) => m.includes(id))), 'every presence change to arrive');
    expect(presenceMessages.length).toBeLessThanOrEqual(4);
    for (const ws of crowd) ws.close();
    watcher.close();
  });
});
