/**
 * Fan-out: one scribe and N readers in one room. The scribe writes entries at a steady rate,
 * then a burst all at once; each reader's doc observer times every entry from the scribe's
 * write to its arrival. Also: updates delivered, and the server's CPU time per update (which
 * covers storing it and relaying it to N readers).
 */
import { connectMany, connectOne } from '../lib/clients.ts';
import { CpuWindow } from '../lib/procStats.ts';
import { remaining, reportDelivered, reportLatency } from '../lib/scenario.ts';
import type { Scenario, ScenarioContext } from '../lib/scenario.ts';
import { LatencyRecorder } from '../lib/stats.ts';
import { appendEntry, LatencyProbe } from '../lib/transcript.ts';
import { sleepUntil, waitUntil } from '../lib/wait.ts';

const WARM_UP_ENTRIES = 20;

export const fanout: Scenario = {
  name: 'fanout',
  title: 'Fan-out: one scribe, N readers in one room',
  serverEnv: () => ({}),
  timeoutMs: (s) => s.fanout.readers.reduce((sum, n) => sum + 30_000 + s.fanout.seconds * 1000 + n * 100 + s.fanout.burst * n * 0.5, 0),
  async run(ctx) {
    for (const readers of ctx.sizes.fanout.readers) await runOne(ctx, readers);
  },
};

async function runOne(ctx: ScenarioContext, n: number): Promise<void> {
  const { rate, seconds, burst } = ctx.sizes.fanout;
  const group = `fan-out N=${n}`;
  const key = `fanout.n${n}`;
  const { target, pool } = ctx;
  const [room] = await target.createRooms(1, `fan-out ${n}`);
  const scribe = await connectOne(pool, { ...target.endpoint, room: room!, params: await target.credentials(room!, 'responder', 'scribe'), silent: true }, 10_000);
  const readerParams = await target.credentials(room!, 'responder', 'readers');
  const spec = { ...target.endpoint, room: room!, params: readerParams, silent: true };
  const connected = await connectMany(pool, Array.from({ length: n }, () => spec), ctx.sizes.wave, 20_000);
  ctx.log(`${group}: ${connected.synced}/${n} readers synced in ${connected.ms.toFixed(0)} ms`);

  // Warm-up entries, not timed, so every server has compiled its hot paths first.
  const warm = WARM_UP_ENTRIES;
  const steadyCount = rate * seconds;
  const steady = new LatencyRecorder(n * steadyCount);
  const bursty = new LatencyRecorder(n * burst);
  const route = (i: number) => (i < warm ? null : i < warm + steadyCount ? steady : bursty);
  const probes = connected.clients.map((c) => new LatencyProbe(c, route));
  for (let i = 0; i < warm; i++) appendEntry(scribe, i);
  await waitUntil(() => probes.every((p) => p.received >= warm), 10_000);

  // Steady: entries on a fixed schedule (not drifting with timer lateness).
  const cpu = new CpuWindow(target.server.pid);
  const start = performance.now();
  for (let i = 0; i < steadyCount; i++) {
    await sleepUntil(start + (i * 1000) / rate);
    appendEntry(scribe, warm + i);
  }
  await waitUntil(() => steady.count >= n * steadyCount, Math.min(remaining(ctx), 10_000 + n * 20));
  const steadyCpu = cpu.read().cpuMs;

  // Burst: every entry its own update, written in one go.
  for (let i = warm + steadyCount; i < warm + steadyCount + burst; i++) appendEntry(scribe, i);
  await waitUntil(() => bursty.count >= n * burst, Math.min(remaining(ctx), 10_000 + n * burst * 0.2));
  const totalCpu = cpu.read().cpuMs;

  reportLatency(ctx, `${key}.steady`, group, `steady ${rate}/s latency`, steady.summary(), n >= 50 ? { ratioMax: 1 } : undefined);
  reportLatency(ctx, `${key}.burst`, group, `burst of ${burst} latency`, bursty.summary(), n >= 50 ? { ratioMax: 1 } : undefined);
  const delivered = probes.reduce((sum, p) => sum + p.received - warm, 0);
  reportDelivered(ctx, `${key}.delivered`, group, 'updates delivered', delivered, n * (steadyCount + burst));
  ctx.report({ key: `${key}.cpuPerUpdate`, group, label: 'server CPU per update', value: (totalCpu * 1000) / (steadyCount + burst), unit: 'µs', better: 'lower' });
  ctx.log(`${group}: steady cpu ${steadyCpu.toFixed(0)} ms, total ${totalCpu.toFixed(0)} ms`);
  pool.destroy([scribe, ...connected.clients]);
}
