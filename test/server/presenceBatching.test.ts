/** Presence changes from many clients reach each watcher as a few batched messages, all included. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { rawSocket } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { awarenessFrame, opened } from '../helpers/frames.ts';
import { decodeAwarenessUpdate } from '../../server/sync/awarenessIdentity.ts';


describe('presence batching', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
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
    await new Promise((r) => setTimeout(r, 300));
    const seen = new Set(presenceMessages.flat());
    expect([...seen].sort()).toEqual(Array.from({ length: 20 }, (_, i) => 1000 + i));
    expect(presenceMessages.length).toBeLessThanOrEqual(4);
    for (const ws of crowd) ws.close();
    watcher.close();
  });
});
