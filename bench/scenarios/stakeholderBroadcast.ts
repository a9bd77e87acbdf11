/**
 * Stakeholder broadcast: one writer and many read-only viewers of one incident (a stakeholder
 * token on our server, which makes their connections read-only; no credential on the
 * reference). The writer adds entries at a steady rate; every viewer's observer times them.
 */
import { connectMany, connectOne } from '../lib/clients.ts';
import { CpuWindow } from '../lib/procStats.ts';
import { remaining, reportDelivered, reportLatency } from '../lib/scenario.ts';
import type { Scenario } from '../lib/scenario.ts';
import { LatencyRecorder } from '../lib/stats.ts';
import { appendEntry, LatencyProbe } from '../lib/transcript.ts';
import { sleepUntil, waitUntil } from '../lib/wait.ts';

const WARM_UP_ENTRIES = 10;

export const stakeholderBroadcast: Scenario = {
  name: 'stakeholder',
  title: 'Stakeholder broadcast: one writer, many read-only viewers',
  serverEnv: () => ({}),
  timeoutMs: (s) => 60_000 + s.stakeholder.viewers * 40 + s.stakeholder.seconds * 1000,
  async run(ctx) {
    const { viewers, rate, seconds } = ctx.sizes.stakeholder;
    const { target, pool } = ctx;
    const group = `stakeholders (${viewers})`;
    const [room] = await target.createRooms(1, 'stakeholder broadcast');
    const writer = await connectOne(pool, { ...target.endpoint, room: room!, params: await target.credentials(room!, 'responder', 'scribe'), silent: true }, 10_000);
    const spec = { ...target.endpoint, room: room!, params: await target.credentials(room!, 'stakeholder', 'viewers'), silent: true };
    const connected = await connectMany(pool, Array.from({ length: viewers }, () => spec), ctx.sizes.wave, 30_000);
    ctx.log(`${connected.synced}/${viewers} viewers synced in ${(connected.ms / 1000).toFixed(1)} s`);
    ctx.report({ key: 'stake.connectMs', group, label: 'all viewers connected and synced', value: connected.ms, unit: 'ms', better: 'lower' });

    const count = rate * seconds;
    const recorder = new LatencyRecorder(viewers * count);
    // Warm-up entries, not timed, so every server has compiled its hot paths first.
    const probes = connected.clients.map((c) => new LatencyProbe(c, (i) => (i < WARM_UP_ENTRIES ? null : recorder)));
    for (let i = 0; i < WARM_UP_ENTRIES; i++) appendEntry(writer, i);
    await waitUntil(() => probes.every((p) => p.received >= WARM_UP_ENTRIES), 20_000);
    const cpu = new CpuWindow(target.server.pid);
    const start = performance.now();
    for (let i = 0; i < count; i++) {
      await sleepUntil(start + (i * 1000) / rate);
      appendEntry(writer, WARM_UP_ENTRIES + i);
    }
    await waitUntil(() => recorder.count >= viewers * count, Math.min(remaining(ctx), 20_000));
    const used = cpu.read().cpuMs;

    reportLatency(ctx, 'stake.latency', group, `latency at ${rate}/s`, recorder.summary());
    reportDelivered(ctx, 'stake.delivered', group, 'updates delivered', probes.reduce((s, p) => s + p.received - WARM_UP_ENTRIES, 0), viewers * count);
    ctx.report({ key: 'stake.cpuPerUpdate', group, label: 'server CPU per update', value: (used * 1000) / count, unit: 'µs', better: 'lower' });
  },
};
