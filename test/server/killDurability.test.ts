/**
 * SIGKILL the server while a scribe writes 50 entries a second and two readers watch; restart it
 * on the same data. Nothing a reader saw is lost, nothing is duplicated, and every client
 * reconnects and converges by itself. Repeated at random moments (the seed is printed).
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { ServerProcess, freePort } from '../helpers/serverProcess.ts';
import { tempDataDir } from '../helpers/testServer.ts';
import { connectDoc, eventually, synced } from '../helpers/clients.ts';
import { readTranscript } from '../../shared/responderDoc.ts';

const ids = (doc: Y.Doc) => readTranscript(doc).map((e) => e.id);

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('durability under SIGKILL', () => {
  const providers: WebsocketProvider[] = [];
  let server: ServerProcess;
  afterAll(async () => {
    for (const p of providers) p.destroy();
    await server?.stop('SIGKILL');
  });

  it('keeps every entry any reader saw, without duplicates, across three kills', async () => {
    const seed = Number(process.env.KILL_SEED ?? Date.now() % 100000);
    console.log(`kill test seed: ${seed} (rerun with KILL_SEED=${seed})`);
    const random = mulberry32(seed);
    server = new ServerProcess(await freePort(), tempDataDir(), { ROOM_UNLOAD_GRACE_MS: '1000' });
    await server.start();
    const id = (await server.api('POST', '/api/incidents', { title: 'Kill test', severity: 'SEV1' })).body.id as string;
    const token = async (name: string) => (await server.api('POST', `/api/incidents/${id}/tokens`, { access: 'responder', name })).body.token as string;
    const scribe = connectDoc(server.wsUrl, id, await token('Scribe'));
    const readers = [connectDoc(server.wsUrl, id, await token('Reader 1')), connectDoc(server.wsUrl, id, await token('Reader 2'))];
    providers.push(scribe, ...readers);
    await Promise.all(providers.map((p) => synced(p)));

    // What readers have seen is what the server relayed: it must all survive.
    const seen = new Set<string>();
    for (const r of readers) r.doc.getArray('transcript').observe(() => ids(r.doc).forEach((x) => seen.add(x)));

    let n = 0;
    const writer = setInterval(() => {
      const entry = new Y.Map<unknown>();
      entry.set('id', `e${n++}`);
      entry.set('at', Date.now());
      entry.set('kind', 'note');
      entry.set('text', new Y.Text(`entry ${n}`));
      scribe.doc.getArray('transcript').push([entry]);
    }, 20);

    try {
      for (let kill = 0; kill < 3; kill++) {
        await new Promise((r) => setTimeout(r, 300 + random() * 900));
        const seenBeforeKill = new Set(seen);
        expect((await server.stop('SIGKILL')).signal).toBe('SIGKILL');
        await new Promise((r) => setTimeout(r, random() * 300));
        await server.start();
        // A fresh client, after the restart, finds everything seen before the kill.
        const check = connectDoc(server.wsUrl, id, await token(`Checker ${kill}`));
        await synced(check);
        const stored = new Set(ids(check.doc));
        check.destroy();
        const missing = [...seenBeforeKill].filter((x) => !stored.has(x));
        expect(missing, `entries seen before kill ${kill} but lost`).toEqual([]);
      }
    } finally {
      clearInterval(writer);
    }

    // Everyone reconnects by themselves and converges on every entry the scribe wrote, once each.
    await eventually(
      () => [scribe, ...readers].every((p) => p.wsconnected && ids(p.doc).length === n),
      'all clients reconnected and converged',
      30_000,
    );
    const final = ids(readers[0]!.doc);
    expect(new Set(final).size).toBe(final.length);
    expect(ids(readers[1]!.doc)).toEqual(final);
    expect(ids(scribe.doc)).toEqual(final);
    expect(final.length).toBe(n);
    expect(n).toBeGreaterThan(50);
  });
});
