/**
 * Cold load: a room whose transcript holds many entries (written beforehand by one client in
 * batches). A new client connects when no one else is in the room and the server has unloaded
 * it; measured: time from creating the provider to its `sync` event (handshake, the server
 * loading the document, sending it, and the client applying it), the same up to the moment the
 * document arrived (before the client applied it: the part the server can change), and bytes
 * the client received.
 * Warm load is the same with another client holding the room open, so the document is in memory.
 *
 * Our server unloads a room ROOM_UNLOAD_GRACE_MS after its last client leaves (set to 300 ms
 * here) and loads it from SQLite on the next connect. The references keep every document in
 * memory for good (bench/hocuspocusServer.ts), so their "cold" load is from memory too.
 */
import { connectOne, newCounters, resetCounters } from '../lib/clients.ts';
import type { BenchClient, ClientSpec } from '../lib/clients.ts';
import { reportDelivered } from '../lib/scenario.ts';
import type { Scenario, ScenarioContext } from '../lib/scenario.ts';
import { median } from '../lib/stats.ts';
import { appendEntries } from '../lib/transcript.ts';
import { sleep, waitUntil } from '../lib/wait.ts';

const UNLOAD_GRACE_MS = 300;

export const coldLoad: Scenario = {
  name: 'cold-load',
  title: 'Cold load: joining a room with a long transcript',
  serverEnv: () => ({ ROOM_UNLOAD_GRACE_MS: String(UNLOAD_GRACE_MS) }),
  timeoutMs: (s) => 60_000 + s.coldLoad.entries * 3 + s.coldLoad.trials * 2 * 8_000,
  async run(ctx) {
    const { entries, batch, trials } = ctx.sizes.coldLoad;
    const { target, pool } = ctx;
    const group = `cold load (${entries.toLocaleString('en-US')} entries)`;
    const [room] = await target.createRooms(1, 'cold load');
    const writer = await connectOne(pool, { ...target.endpoint, room: room!, params: await target.credentials(room!, 'responder', 'scribe'), silent: true }, 10_000);
    const writeStart = performance.now();
    for (let n = 0; n < entries; n += batch) appendEntries(writer, n, Math.min(batch, entries - n));
    const counters = newCounters();
    const readerSpec: ClientSpec = { ...target.endpoint, room: room!, params: await target.credentials(room!, 'responder', 'readers'), socket: { counters }, silent: true };
    // A first reader confirms the server holds every entry before anything is timed.
    const check = await connectOne(pool, readerSpec, 30_000);
    const stored = await waitUntil(() => check.transcript.length >= entries, 60_000);
    ctx.log(`${check.transcript.length} entries written in ${((performance.now() - writeStart) / 1000).toFixed(1)} s${stored ? '' : ' (incomplete)'}`);
    pool.destroy([check, writer]);

    const cold: number[] = [];
    const coldReceived: number[] = [];
    const warm: number[] = [];
    const warmReceived: number[] = [];
    const bytes: number[] = [];
    let present = 0;
    for (let t = 0; t < trials; t++) {
      await waitForUnload(ctx);
      const result = await timeLoad(ctx, readerSpec, counters);
      cold.push(result.ms);
      coldReceived.push(result.receivedMs);
      bytes.push(result.bytes);
      present += result.entries;
    }
    const holder = await connectOne(pool, readerSpec, 30_000);
    for (let t = 0; t < trials; t++) {
      await sleep(100);
      const result = await timeLoad(ctx, readerSpec, counters);
      warm.push(result.ms);
      warmReceived.push(result.receivedMs);
      present += result.entries;
    }
    pool.destroy([holder]);
    ctx.log(`cold ${cold.map((ms) => ms.toFixed(0)).join(', ')} ms; warm ${warm.map((ms) => ms.toFixed(0)).join(', ')} ms`);

    ctx.report({ key: 'cold.ms', group, label: `cold connect → synced (median of ${trials})`, value: median(cold), unit: 'ms', better: 'lower', goal: { ratioMax: 1 } });
    ctx.report({ key: 'cold.maxMs', group, label: 'cold connect → synced (slowest)', value: cold.length ? Math.max(...cold) : null, unit: 'ms', better: 'lower' });
    ctx.report({ key: 'cold.receivedMs', group, label: 'cold connect → document received', value: median(coldReceived), unit: 'ms', better: 'lower' });
    ctx.report({ key: 'cold.bytes', group, label: 'bytes received by the client', value: median(bytes), unit: 'B', better: 'lower' });
    ctx.report({ key: 'cold.warmMs', group, label: `warm connect → synced (median of ${trials})`, value: median(warm), unit: 'ms', better: 'lower' });
    ctx.report({ key: 'cold.warmReceivedMs', group, label: 'warm connect → document received', value: median(warmReceived), unit: 'ms', better: 'lower' });
    reportDelivered(ctx, 'cold.delivered', group, 'entries present after sync', present, 2 * trials * entries);
  },
};

interface Load {
  /** connect → synced */
  ms: number;
  /** connect → the server's document arrived */
  receivedMs: number;
  bytes: number;
  entries: number;
}

async function timeLoad(ctx: ScenarioContext, spec: ClientSpec, counters: ReturnType<typeof newCounters>): Promise<Load> {
  resetCounters(counters);
  const start = performance.now();
  let client: BenchClient | null = null;
  try {
    client = await connectOne(ctx.pool, spec, 60_000);
    const ms = performance.now() - start;
    return { ms, receivedMs: counters.firstStep2At - start, bytes: counters.bytes, entries: client.transcript.length };
  } finally {
    if (client) ctx.pool.destroy([client]);
  }
}

/** Waits until our server reports no document in memory; the references never unload, so they only pause alike. */
async function waitForUnload(ctx: ScenarioContext): Promise<void> {
  await sleep(UNLOAD_GRACE_MS + 100);
  if (ctx.target.kind !== 'ours') return;
  const deadline = performance.now() + 10_000;
  while (performance.now() < deadline) {
    if ((await ctx.target.roomsLoaded()) === 0) return;
    await sleep(50);
  }
  ctx.note('the room was still loaded when a cold load began');
}
