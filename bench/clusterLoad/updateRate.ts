/**
 * Updates per second: how many small transcript entries a deployment carries from a writer on
 * one node to readers on the others. Each of R shared rooms has SLOTS_PER_ROOM writers and as
 * many readers; slot s connects through node s mod N, so with 3 nodes every room has a writer
 * and a reader on every node, and every entry crosses to two other nodes (database, then Redis).
 * With 1 node the same clients all connect to it, so every setup relays the same traffic.
 *
 * The rooms and clients are set up once and stay for the whole ramp, as in an incident that
 * gets busier: documents grow from rate to rate and are compacted as they do in service (every
 * COMPACT_AFTER_UPDATES), and no room loads or unloads in the middle of a measurement.
 *
 * At each offered rate, entries are written on a fixed timetable (entry k at start + k/rate,
 * dealt round-robin over the writers, so nodes take turns), each in its own transaction: one
 * update per entry. An entry carries its scheduled time, so latency includes any lateness of
 * the writer, and a harness that falls behind shows up as late delivery rather than as a lower
 * offered rate. A rate is held when, by drainMs after the last scheduled write, readers have
 * received at least minDelivered of what they should, and p99 latency from the write on one
 * node to a reader on another stays under p99BoundMs (with one node, every reader counts). The
 * ramp stops at the first rate not held. Before the next rate starts, every reader must have
 * every entry of this one: one still missing lossGraceMs after the drain is lost, and the run
 * fails.
 *
 * Writers drop the updates they receive before their provider decodes them (they never read;
 * a browser would decode on its own CPU), readers decode everything.
 */
import * as Y from 'yjs';
import { transcriptEntry } from '../../shared/responderDoc.ts';
import { ClientPool, isRefusal } from '../lib/clients.ts';
import type { BenchClient, ClientSpec } from '../lib/clients.ts';
import { LatencyRecorder } from '../lib/stats.ts';
import type { LatencySummary } from '../lib/stats.ts';
import { sleepUntil, waitUntil } from '../lib/wait.ts';
import { connectWindowed } from './connect.ts';
import { CpuMeter } from './cpuShares.ts';
import { SLOTS_PER_ROOM } from './options.ts';
import type { ClusterSizes, RampSettings } from './options.ts';
import { describeCpu, ramp } from './ramp.ts';
import type { RampResult, StepOutcome } from './ramp.ts';
import type { Stack } from './stack.ts';
import { StallWatch } from './stallWatch.ts';
import type { Stalls } from './stallWatch.ts';

export interface RateStep extends StepOutcome {
  offered: number;
  seconds: number;
  /** Entries the readers received by the drain deadline, per reader per second of offering. */
  deliveredPerSec: number;
  /** delivered on time / offered */
  deliveredShare: number;
  /** Cross-node write → read latency (every reader with one node). */
  latency: LatencySummary;
  /** How late the harness wrote entries against their timetable (p99, ms). */
  writerLagP99Ms: number;
  /** The longest stalls seen while the rate was offered (a blocked node, a slow COMMIT). */
  stalls: Stalls;
  /** Closes by the server or the network since the previous step, by code. */
  closes: Array<{ code: number; count: number; reason: string }>;
}

export interface RatesResult extends RampResult<RateStep> {
  /** The untimed warm-up before the ramp. */
  warmUp: RateStep;
}

export async function measureRates(stack: Stack, sizes: ClusterSizes, settings: RampSettings, log: (text: string) => void): Promise<RatesResult> {
  const u = sizes.updates;
  const first = u.rates[0]!;
  const rig = await RateRig.open(stack, sizes);
  try {
    // Untimed: every process compiles its hot paths (and the pools fill) before the first rate counts.
    const warmUp = await rig.run(first, u.warmUpSeconds);
    log(`warm-up at ${first}/s: delivered ${(warmUp.deliveredShare * 100).toFixed(1)} %, p99 ${fmt(warmUp.latency.p99)}`);
    if (warmUp.missing > 0 || warmUp.refused > 0) return { steps: [], held: null, endedBy: `the warm-up failed: ${warmUp.why}`, unreachable: null, lost: warmUp.missing, warmUp };
    const result = await ramp({
      stack,
      levels: u.rates,
      run: (rate) => rig.run(rate, u.seconds),
      name: (rate) => `${rate.toLocaleString('en-US')}/s`,
      describe: (st) =>
        `${st.offered}/s offered: delivered ${st.deliveredPerSec.toFixed(0)}/s (${(st.deliveredShare * 100).toFixed(1)} %), ` +
        `latency p50 ${fmt(st.latency.p50)} p99 ${fmt(st.latency.p99)}, writer lag p99 ${st.writerLagP99Ms.toFixed(1)} ms; ` +
        `longest stall: ${describeStalls(st.stalls)}; ${describeCpu(st.cpu)}` +
        (st.held ? '' : ` — not held: ${st.why}`),
      // One stall of a second decides a p99 over a few seconds: a second try tells a stall from a limit.
      retryUndisturbed: true,
      quietCores: settings.quietCores,
      waitForQuiet: settings.waitForQuiet,
      log,
    });
    return { ...result, warmUp, lost: result.lost + warmUp.missing };
  } finally {
    rig.close();
  }
}

/** "nodes 12 / 9 ms, COMMIT 310 ms" */
export function describeStalls(stalls: Stalls): string {
  return `nodes ${stalls.nodes.map((n) => n.toFixed(0)).join(' / ')} ms` + (stalls.commit === null ? '' : `, COMMIT ${stalls.commit.toFixed(0)} ms`);
}

function fmt(ms: number | null): string {
  return ms === null ? '—' : `${ms.toFixed(1)} ms`;
}

interface Writer {
  client: BenchClient;
  node: number;
  room: number;
  written: number;
}

/** What the readers' observers count for the step being measured. */
interface StepCounters {
  step: number;
  latency: LatencyRecorder;
  /** Entries of this step each reader received. */
  perReader: Int32Array;
  /** Receipts up to the drain deadline. */
  onTime: number;
  drainEnd: number;
  /** Receipts of entries from another step (there should be none). */
  stray: number;
}

class RateRig {
  private steps = 0;
  private current: StepCounters | null = null;
  private closesBefore = new Map<number, number>();

  private constructor(
    private readonly stack: Stack,
    private readonly sizes: ClusterSizes,
    private readonly pool: ClientPool,
    private readonly writers: Writer[],
    private readonly readerRooms: number[],
  ) {}

  static async open(stack: Stack, sizes: ClusterSizes): Promise<RateRig> {
    const u = sizes.updates;
    const nodes = stack.nodes.length;
    const pool = new ClientPool();
    try {
      const rooms = await stack.createRooms(u.rooms, 'updates per second');
      const writerSocket = { dropUpdates: true };
      const writerSpecs: Array<ClientSpec & { node: number }> = [];
      const readerSpecs: Array<ClientSpec & { node: number }> = [];
      await Promise.all(
        rooms.map(async (room, r) => {
          const readers = await stack.credentials(room, 'responder', 'readers', r);
          for (let slot = 0; slot < SLOTS_PER_ROOM; slot++) {
            const node = slot % nodes;
            const params = await stack.credentials(room, 'responder', `writer ${slot + 1}`, r + slot);
            // Entry k of the timetable goes to writer k mod (R × slots): nodes take turns every entry.
            writerSpecs[r * SLOTS_PER_ROOM + slot] = { wsUrl: stack.wsUrl(node), protocol: 'y-websocket', room, params, socket: writerSocket, silent: true, node };
            readerSpecs[r * SLOTS_PER_ROOM + slot] = { wsUrl: stack.wsUrl(node), protocol: 'y-websocket', room, params: readers, silent: true, node };
          }
        }),
      );
      const deadline = performance.now() + 30_000;
      const writerClients = (await connectWindowed(pool, writerSpecs, 100, deadline)).clients;
      const readerClients = (await connectWindowed(pool, readerSpecs, 100, deadline)).clients;
      const all = [...writerClients, ...readerClients];
      if (all.length < writerSpecs.length + readerSpecs.length || !all.every((c) => c.synced)) {
        throw new Error(`the ${writerSpecs.length + readerSpecs.length} clients of the update ramp did not all sync within 30 s`);
      }
      const writers = writerClients.map((client, k) => ({ client, node: writerSpecs[k]!.node, room: Math.floor(k / SLOTS_PER_ROOM), written: 0 }));
      const rig = new RateRig(stack, sizes, pool, writers, readerSpecs.map((_, k) => Math.floor(k / SLOTS_PER_ROOM)));
      const nodeOfClientId = new Map(writers.map((w) => [w.client.doc.clientID, w.node]));
      readerClients.forEach((reader, k) => rig.observe(reader, k, readerSpecs[k]!.node, nodeOfClientId));
      return rig;
    } catch (error) {
      pool.destroyAll();
      throw error;
    }
  }

  /**
   * Counts and times the entries each update brings to a reader, from the update itself: the
   * item of an entry's `at` key carries its time and, beside it, the `step` key which rate it
   * belongs to. Array observers would do too, but their change sets walk the whole array, so
   * the harness would slow down as the documents grow.
   */
  private observe(reader: BenchClient, index: number, readerNode: number, nodeOfClientId: Map<number, number>): void {
    const crossNodeOnly = this.stack.nodes.length > 1;
    reader.doc.on('update', (update: Uint8Array) => {
      const c = this.current;
      if (!c) return;
      const now = performance.timeOrigin + performance.now();
      const steps = new Map<string, unknown>();
      const times: Array<{ entry: string; at: number; client: number }> = [];
      for (const struct of Y.decodeUpdate(update).structs) {
        if (!(struct instanceof Y.Item) || !(struct.parent instanceof Y.ID)) continue;
        const entry = `${struct.parent.client}:${struct.parent.clock}`;
        if (struct.parentSub === 'step') steps.set(entry, struct.content.getContent()[0]);
        else if (struct.parentSub === 'at') times.push({ entry, at: struct.content.getContent()[0] as number, client: struct.id.client });
      }
      let added = 0;
      for (const t of times) {
        if (steps.get(t.entry) !== c.step) {
          c.stray++;
          continue;
        }
        added++;
        if (!crossNodeOnly || nodeOfClientId.get(t.client) !== readerNode) c.latency.record(now - t.at);
      }
      c.perReader[index]! += added;
      if (performance.now() <= c.drainEnd) c.onTime += added;
    });
  }

  async run(rate: number, seconds: number): Promise<RateStep> {
    const u = this.sizes.updates;
    const total = Math.round(rate * seconds);
    const expectedPerRoom = new Int32Array(u.rooms);
    const counters: StepCounters = {
      step: ++this.steps,
      latency: new LatencyRecorder(total * SLOTS_PER_ROOM),
      perReader: new Int32Array(this.readerRooms.length),
      onTime: 0,
      drainEnd: Infinity,
      stray: 0,
    };
    this.current = counters;
    const lag = new LatencyRecorder(total);
    const stallWatch = await StallWatch.start(this.stack);
    const cpu = await CpuMeter.start(this.stack);
    const start = performance.now() + 20;
    const interval = 1000 / rate;
    counters.drainEnd = start + total * interval + u.drainMs;
    for (let k = 0; k < total; ) {
      await sleepUntil(start + k * interval);
      // Every entry that has fallen due, each its own update.
      const now = performance.now();
      while (k < total && start + k * interval <= now) {
        const scheduled = start + k * interval;
        const w = this.writers[k % this.writers.length]!;
        appendScheduled(w, counters.step, scheduled);
        expectedPerRoom[w.room]!++;
        lag.record(performance.now() - scheduled);
        k++;
      }
    }
    const expected = total * SLOTS_PER_ROOM;
    const received = () => counters.perReader.reduce((a, b) => a + b, 0);
    await waitUntil(() => received() >= expected || performance.now() >= counters.drainEnd, Math.max(0, counters.drainEnd - performance.now()) + 50);
    const cpuShares = await cpu.read();
    const stalls = await stallWatch.stop();
    const delivered = counters.onTime;
    // Everything still on its way must arrive before the next rate starts.
    await waitUntil(() => received() >= expected || this.stack.deadNode() !== null, this.sizes.lossGraceMs, 20);
    const missing = this.readerRooms.reduce((sum, room, i) => sum + Math.max(0, expectedPerRoom[room]! - counters.perReader[i]!), 0);
    this.current = null;

    const summary = counters.latency.summary();
    const closes = this.closesSince();
    const refusals = closes.filter((c) => isRefusal(c.code));
    const refused = refusals.reduce((sum, r) => sum + r.count, 0);
    const share = delivered / expected;
    const why =
      refused > 0
        ? `${refused} connection(s) refused or closed by the server (${refusals.map((r) => `${r.code}${r.reason ? ` ${r.reason}` : ''}`).join(', ')})`
        : missing > 0
          ? `${missing} entry receipts lost`
          : counters.stray > 0
            ? `${counters.stray} entries of another rate arrived during this one`
            : share < u.minDelivered
              ? `delivered ${(share * 100).toFixed(1)} % on time (< ${(u.minDelivered * 100).toFixed(0)} %)`
              : summary.p99 === null || summary.p99 >= u.p99BoundMs
                ? `latency p99 ${fmt(summary.p99)} (≥ ${u.p99BoundMs} ms)`
                : null;
    return {
      offered: rate,
      seconds,
      deliveredPerSec: delivered / SLOTS_PER_ROOM / seconds,
      deliveredShare: share,
      latency: summary,
      writerLagP99Ms: lag.summary().p99 ?? 0,
      stalls,
      cpu: cpuShares,
      refused,
      closes,
      missing,
      held: why === null,
      why,
      attempt: 1,
    };
  }

  /** Closes recorded since the last call, by code. */
  private closesSince(): Array<{ code: number; count: number; reason: string }> {
    const out: Array<{ code: number; count: number; reason: string }> = [];
    for (const [code, v] of this.pool.closes) {
      const count = v.count - (this.closesBefore.get(code) ?? 0);
      if (count > 0) out.push({ code, count, reason: v.reason });
      this.closesBefore.set(code, v.count);
    }
    return out;
  }

  close(): void {
    this.pool.destroyAll();
  }
}

/** A scribe's entry as lib/transcript.ts writes it, stamped with its step and scheduled time (epoch ms). */
function appendScheduled(w: Writer, step: number, scheduled: number): void {
  const n = w.written++;
  const entry = transcriptEntry({
    id: `${w.client.doc.clientID}-${n}`,
    at: performance.timeOrigin + scheduled,
    kind: 'note',
    text: `Error rate on checkout still at 4 % (${n}); rolling back the last deploy`,
  });
  entry.set('step', step);
  w.client.transcript.push([entry]);
}
