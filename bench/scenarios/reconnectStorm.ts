/**
 * Reconnect storm: clients spread over rooms, all synced, drop at once (as in a network blip);
 * while they are offline one writer per room adds a few entries; then all reconnect in the same
 * instant. Measured: time from the reconnect until every client is synced again and has every
 * offline entry of its room.
 */
import { connectMany } from '../lib/clients.ts';
import type { BenchClient, ClientSpec } from '../lib/clients.ts';
import { remaining, reportDelivered } from '../lib/scenario.ts';
import type { Scenario } from '../lib/scenario.ts';
import { median } from '../lib/stats.ts';
import { appendEntries, appendEntry } from '../lib/transcript.ts';
import { sleep, waitUntil } from '../lib/wait.ts';

export const reconnectStorm: Scenario = {
  name: 'reconnect-storm',
  title: 'Reconnect storm: every client drops and reconnects at once',
  serverEnv: () => ({}),
  timeoutMs: (s) => 60_000 + s.storm.rounds * 20_000 + s.storm.clients * 50,
  async run(ctx) {
    const { clients: clientCount, rooms: roomCount, seedEntries, offlineEdits, rounds } = ctx.sizes.storm;
    const { target, pool } = ctx;
    const group = `reconnect storm (${clientCount} in ${roomCount} rooms)`;
    const rooms = await target.createRooms(roomCount, 'storm');
    const writerSpecs: ClientSpec[] = [];
    const readerSpecs: ClientSpec[] = [];
    for (const [r, room] of rooms.entries()) {
      writerSpecs.push({ ...target.endpoint, room, params: await target.credentials(room, 'responder', 'scribe'), silent: true });
      const readerParams = await target.credentials(room, 'responder', 'readers');
      const perRoom = Math.floor(clientCount / roomCount) + (r < clientCount % roomCount ? 1 : 0);
      for (let c = 1; c < perRoom; c++) readerSpecs.push({ ...target.endpoint, room, params: readerParams, silent: true });
    }
    const writers = (await connectMany(pool, writerSpecs, ctx.sizes.wave, 20_000)).clients;
    const readers = (await connectMany(pool, readerSpecs, ctx.sizes.wave, 20_000)).clients;
    const all: BenchClient[] = [...writers, ...readers];
    for (const w of writers) appendEntries(w, 0, seedEntries);
    let expectedLength = seedEntries;
    if (!(await waitUntil(() => all.every((c) => c.transcript.length >= expectedLength), 20_000))) {
      ctx.note('not every client had the seed entries before the first storm');
    }

    const times: number[] = [];
    let delivered = 0;
    for (let round = 0; round < rounds; round++) {
      await sleep(500);
      for (const c of all) c.disconnect();
      for (const w of writers) {
        for (let e = 0; e < offlineEdits; e++) appendEntry(w, expectedLength + e);
      }
      const before = readers.map((c) => c.transcript.length);
      expectedLength += offlineEdits;
      const start = performance.now();
      for (const c of all) c.connect();
      const ok = await waitUntil(() => all.every((c) => c.synced && c.transcript.length >= expectedLength), Math.min(30_000, remaining(ctx)));
      const ms = performance.now() - start;
      if (!ok) ctx.note(`round ${round + 1}: ${all.filter((c) => !c.synced || c.transcript.length < expectedLength).length} clients not resynced after ${(ms / 1000).toFixed(0)} s`);
      times.push(ms);
      delivered += readers.reduce((sum, c, i) => sum + Math.min(offlineEdits, c.transcript.length - before[i]!), 0);
      ctx.log(`round ${round + 1}: all ${all.length} synced in ${ms.toFixed(0)} ms`);
    }
    ctx.report({ key: 'storm.ms', group, label: `reconnect → all synced (median of ${rounds})`, value: median(times), unit: 'ms', better: 'lower' });
    ctx.report({ key: 'storm.maxMs', group, label: 'reconnect → all synced (slowest round)', value: times.length ? Math.max(...times) : null, unit: 'ms', better: 'lower' });
    reportDelivered(ctx, 'storm.delivered', group, 'offline entries delivered', delivered, rounds * readers.length * offlineEdits);
  },
};
