/** Rooms with no connection are unloaded, and memory returns near where it started. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import v8 from 'node:v8';
import vm from 'node:vm';
import * as Y from 'yjs';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { connectDoc, eventually, synced } from '../helpers/clients.ts';
import { until } from '../helpers/cluster.ts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

async function settledHeap(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 20));
  }
  return process.memoryUsage().heapUsed;
}

describe('bounded memory', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ roomUnloadGraceMs: 50 });
  });
  afterAll(() => server.close());

  it('opening and closing 500 rooms leaves memory near where it started', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 500; i++) ids.push((await server.api('POST', '/api/incidents', { title: `room ${i}`, severity: 'SEV3' })).body.id);
    const health = async () => (await server.api('GET', '/api/health')).body.roomsLoaded as number;
    await until(health, (n) => n === 0, 'the declared rooms unloaded');
    const before = await settledHeap();
    // Sockets not yet closed; counted, not kept, so the clients themselves can be collected.
    let open = 0;

    for (let i = 0; i < ids.length; i += 50) {
      const batch = ids.slice(i, i + 50);
      const providers = batch.map((id) => connectDoc(server.wsUrl, id, server.adminToken));
      await Promise.all(providers.map((p) => synced(p)));
      for (const p of providers) {
        const entry = new Y.Map<unknown>();
        entry.set('text', new Y.Text('x'.repeat(200)));
        p.doc.getArray('transcript').push([entry]);
      }
      // Updates go out before the close frame on the same socket: no wait needed before destroying.
      for (const p of providers) {
        const ws = p.ws;
        if (ws) {
          open++;
          ws.addEventListener('close', () => open--);
        }
        p.destroy();
        // The provider leaves its awareness (and its interval) alive; free it so only the server is measured.
        p.awareness.destroy();
      }
    }
    const peakRooms = await health();
    // The test's own clients count in this process's heap until their sockets have closed.
    await eventually(() => open === 0, 'every client socket closed', 30_000);
    await until(health, (n) => n === 0, 'every room unloaded');
    const after = await settledHeap();
    const grownMb = (after - before) / 1024 / 1024;
    console.log(`heap before ${(before / 1048576).toFixed(1)} MB, after 500 rooms ${(after / 1048576).toFixed(1)} MB (+${grownMb.toFixed(2)} MB); rooms loaded at the end of the last batch: ${peakRooms}`);
    // 500 loaded rooms hold several MB; what stays must be far less than that.
    expect(grownMb).toBeLessThan(8);
    // 500 declarations and 500 connections take a while on a busy machine, on PostgreSQL most.
  }, 180_000);
});
