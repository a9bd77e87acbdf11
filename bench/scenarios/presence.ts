/**
 * Presence: many clients in one room, each moving its cursor (awareness) once a second, spread
 * evenly over the second. Meanwhile one scribe writes entries and one reader times them.
 * Measured: the server's CPU share of one core over the window, edit latency, and how many
 * presence entries reached the clients against how many the servers were asked to relay
 * (every change to every client in the room, the sender included, as all three servers do).
 *
 * The presence clients count incoming presence messages, and drop them and the scribe's updates
 * before their provider decodes them (see lib/clients.ts), so the harness measures the server,
 * not 500 decoders in one process. The reader that times edits decodes everything.
 */
import { connectMany, connectOne, newCounters, resetCounters } from '../lib/clients.ts';
import { CpuWindow } from '../lib/procStats.ts';
import { reportDelivered, reportLatency } from '../lib/scenario.ts';
import type { Scenario } from '../lib/scenario.ts';
import { LatencyRecorder } from '../lib/stats.ts';
import { appendEntry, LatencyProbe } from '../lib/transcript.ts';
import { sleep, sleepUntil, waitUntil } from '../lib/wait.ts';

const TICK_MS = 10;
const WARM_UP_ENTRIES = 10;

export const presence: Scenario = {
  name: 'presence',
  title: 'Presence: cursors moving once a second while a scribe writes',
  serverEnv: () => ({}),
  timeoutMs: (s) => 60_000 + s.presence.clients * 60 + s.presence.seconds * 1000,
  async run(ctx) {
    const { clients: n, seconds, hz, editRate } = ctx.sizes.presence;
    const { target, pool } = ctx;
    const group = `presence (${n} at ${hz} Hz)`;
    const [room] = await target.createRooms(1, 'presence');
    const counters = newCounters();
    const presenceSocket = { counters, dropAwareness: true, dropUpdates: true };
    const quiet = { dropAwareness: true };
    const presenceParams = await target.credentials(room!, 'responder', 'responders');
    const connected = await connectMany(pool, Array.from({ length: n }, () => ({ ...target.endpoint, room: room!, params: presenceParams, socket: presenceSocket })), ctx.sizes.wave, 30_000);
    ctx.log(`${connected.synced}/${n} presence clients synced in ${(connected.ms / 1000).toFixed(1)} s`);
    const scribe = await connectOne(pool, { ...target.endpoint, room: room!, params: await target.credentials(room!, 'responder', 'scribe'), socket: quiet, silent: true }, 10_000);
    const reader = await connectOne(pool, { ...target.endpoint, room: room!, params: presenceParams, socket: quiet, silent: true }, 10_000);
    const edits = Math.round(editRate * seconds);
    const recorder = new LatencyRecorder(edits);
    const probe = new LatencyProbe(reader, (i) => (i < WARM_UP_ENTRIES ? null : recorder));
    for (let i = 0; i < WARM_UP_ENTRIES; i++) appendEntry(scribe, i);
    await waitUntil(() => probe.received >= WARM_UP_ENTRIES, 10_000);
    await sleep(1500);
    resetCounters(counters);

    // Client k moves its cursor at k/n of each period; one timer drives them all.
    const periodMs = 1000 / hz;
    const clients = connected.clients;
    let sent = 0;
    let cursor = 0;
    const cpu = new CpuWindow(target.server.pid);
    const start = performance.now();
    const end = start + seconds * 1000;
    let done = 0;
    const ticker = setInterval(() => {
      const now = Math.min(performance.now(), end);
      const due = Math.floor(((now - start) / periodMs) * clients.length);
      for (; done < due; done++) {
        clients[done % clients.length]!.awareness.setLocalStateField('cursor', ++cursor);
        sent++;
      }
      if (now >= end) clearInterval(ticker);
    }, TICK_MS);
    for (let i = 0; i < edits; i++) {
      await sleepUntil(start + (i * 1000) / editRate);
      appendEntry(scribe, WARM_UP_ENTRIES + i);
    }
    await sleepUntil(end + TICK_MS);
    clearInterval(ticker);
    const window = cpu.read();
    const expectedEntries = sent * clients.length;
    await waitUntil(() => counters.awarenessEntries >= expectedEntries && recorder.count >= edits, 5000);

    ctx.report({ key: 'presence.cpuShare', group, label: 'server CPU (share of one core)', value: window.share * 100, unit: '%', better: 'lower', goal: { max: 20 } });
    reportLatency(ctx, 'presence.edit', group, `edit latency (${editRate}/s)`, recorder.summary(), { max: 50 });
    reportDelivered(ctx, 'presence.delivered', group, 'edits delivered', probe.received - WARM_UP_ENTRIES, edits);
    ctx.report({ key: 'presence.entries', group, label: 'presence entries delivered', value: counters.awarenessEntries, expected: expectedEntries, unit: 'count', better: 'higher' });
    ctx.report({ key: 'presence.messages', group, label: 'presence messages to clients per second', value: counters.awarenessMessages / seconds, unit: '/s', better: 'none' });
    ctx.report({ key: 'presence.sent', group, label: 'cursor moves sent', value: sent, expected: Math.round(n * hz * seconds), unit: 'count', better: 'none' });
  },
};
