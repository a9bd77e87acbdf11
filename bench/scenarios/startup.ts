/**
 * Start-up: how long a server takes from spawning its process until it first answers
 * `GET /api/health` (ours on an empty data folder, so this includes creating the database and
 * running every migration), and its resident memory once started and left idle, before anyone
 * connects. The first is what a restart costs during an incident (issue 15 asks for under 2 s on
 * 2 cores); the second is what each node holds before it serves a room. Every server runs as
 * JavaScript built ahead of time (lib/builds.ts), ours as `npm start` runs it.
 *
 * One sample per run: the runner starts a fresh process for every run, so `--repeat` gives the
 * median of fresh starts.
 */
import { settledRssKiB } from '../lib/procStats.ts';
import type { Scenario } from '../lib/scenario.ts';

export const startup: Scenario = {
  name: 'startup',
  title: 'Start-up: a fresh server until it answers, and its memory idle',
  serverEnv: () => ({}),
  timeoutMs: (s) => 30_000 + s.startup.settleMs,
  async run(ctx) {
    const { settleMs } = ctx.sizes.startup;
    const { server } = ctx.target;
    const group = 'start-up';
    ctx.report({ key: 'startup.ms', group, label: 'spawn → answering /api/health', value: server.startMs, unit: 'ms', better: 'lower', goal: { max: 2000 } });
    // The lowest reading over the settle time: least blurred by start-up garbage not yet collected.
    const rss = await settledRssKiB(server.pid, settleMs);
    ctx.report({ key: 'startup.rss', group, label: `RSS idle, before any room (lowest over ${settleMs / 1000} s)`, value: rss / 1024, unit: 'MiB', better: 'lower', goal: { ratioMax: 1.5 } });
  },
};
