/**
 * `npm run bench`: runs each scenario against our server and against two reference servers (the
 * y-websocket server and Hocuspocus), each a separate process built ahead of time and measured
 * from outside (/proc), and prints every server's figure and the ratio of ours to the better
 * reference. Figures go to test-artifacts/bench/latest.json; a full default run also rewrites the
 * results section of BENCHMARKS.md. See BENCHMARKS.md for what each scenario measures and
 * `--help` for options.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ClientPool } from './lib/clients.ts';
import { formatProfile, profilesOf, SelfTimeTable } from './lib/cpuProfile.ts';
import type { ProfileSummary } from './lib/cpuProfile.ts';
import { resultsSection, updateBenchmarksMd } from './lib/benchmarksMd.ts';
import { buildServers } from './lib/builds.ts';
import type { ServerBuilds } from './lib/builds.ts';
import { ForeignLoad, waitForQuiet } from './lib/machineLoad.ts';
import { gitCommit, machineFacts } from './lib/machine.ts';
import { parseOptions, USAGE } from './lib/options.ts';
import type { BenchOptions, MarkdownFromRun, Preset, ScenarioName } from './lib/options.ts';
import type { MachineFacts } from './lib/machine.ts';
import { cpuMs, peakRssKiB } from './lib/procStats.ts';
import { buildRows, mergeRuns, textTable } from './lib/results.ts';
import type { Row, ScenarioRun } from './lib/results.ts';
import type { Metric, Scenario, ScenarioContext } from './lib/scenario.ts';
import { startTarget } from './lib/targets.ts';
import type { Target, TargetKind } from './lib/targets.ts';
import { coldLoad } from './scenarios/coldLoad.ts';
import { fanout } from './scenarios/fanout.ts';
import { manyRooms } from './scenarios/manyRooms.ts';
import { presence } from './scenarios/presence.ts';
import { reconnectStorm } from './scenarios/reconnectStorm.ts';
import { stakeholderBroadcast } from './scenarios/stakeholderBroadcast.ts';
import { startup } from './scenarios/startup.ts';

const SCENARIOS: Record<ScenarioName, Scenario> = {
  startup,
  fanout,
  'many-rooms': manyRooms,
  'cold-load': coldLoad,
  'reconnect-storm': reconnectStorm,
  stakeholder: stakeholderBroadcast,
  presence,
};

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const PROFILE_DIR = path.join(REPO_ROOT, 'test-artifacts', 'profiles');

/** Other processes may use this many cores before a run waits for them, and before its figures are flagged. */
const QUIET_CORES = 0.25;
const QUIET_WAIT_MS = 90_000;

// Every WebsocketProvider registers a process 'exit' listener; a thousand of them is intended.
process.setMaxListeners(0);

interface ProfileCollector {
  overall: SelfTimeTable;
  byScenario: Map<string, SelfTimeTable>;
}

async function runScenario(scenario: Scenario, kind: TargetKind, builds: ServerBuilds, options: BenchOptions, profiles: ProfileCollector | null): Promise<ScenarioRun> {
  const pool = new ClientPool();
  const run: ScenarioRun = {
    scenario: scenario.name,
    title: scenario.title,
    server: kind,
    metrics: [],
    notes: [],
    refusals: [],
    otherCloses: [],
    error: null,
    timedOut: false,
    durationMs: 0,
    serverPeakRssMiB: null,
    serverCpuMs: null,
    foreignCores: null,
    commit: gitCommit(),
  };
  if (options.preset !== 'smoke') {
    const busy = await waitForQuiet(QUIET_CORES, QUIET_WAIT_MS);
    if (busy >= QUIET_CORES) process.stdout.write(`  [${kind}] other processes still use ${busy.toFixed(2)} cores; running anyway\n`);
  }
  const started = performance.now();
  let open = true;
  let target: Target | null = null;
  try {
    target = await startTarget(kind, {
      builds,
      env: scenario.serverEnv(options.sizes),
      cpuProfDir: kind === 'ours' && profiles ? PROFILE_DIR : null,
      inspect: scenario.inspect ?? false,
    });
    process.stdout.write(`  [${kind}] server up in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    const pid = target.server.pid;
    const cpu0 = cpuMs(pid);
    const foreign = new ForeignLoad([pid]);
    const timeoutMs = scenario.timeoutMs(options.sizes);
    const ctx: ScenarioContext = {
      target,
      pool,
      sizes: options.sizes,
      deadline: performance.now() + timeoutMs,
      report: (m: Metric) => {
        if (open) run.metrics.push(m);
      },
      note: (text) => {
        if (open) run.notes.push(text);
      },
      log: (text) => {
        if (open) process.stdout.write(`  [${kind}] ${text}\n`);
      },
    };
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const work = scenario.run(ctx).then(() => 'done' as const);
    // A scenario cut off at its bound may still fail later, once its clients are gone.
    work.catch(() => {});
    const outcome = await Promise.race([work, bound]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      run.timedOut = true;
      process.stdout.write(`  [${kind}] cut off at its time bound of ${(timeoutMs / 1000).toFixed(0)} s\n`);
    }
    if (target.server.alive) {
      run.serverPeakRssMiB = peakRssKiB(pid) / 1024;
      run.serverCpuMs = cpuMs(pid) - cpu0;
      run.foreignCores = foreign.cores();
      if (run.foreignCores > QUIET_CORES) {
        run.notes.push(`other processes used ${run.foreignCores.toFixed(2)} cores during this run: its figures are disturbed`);
      }
    } else {
      run.error = `the server exited during the scenario: ${target.server.recentOutput.slice(-600)}`;
    }
  } catch (error) {
    run.error = (error as Error).message;
    process.stdout.write(`  [${kind}] failed: ${(error as Error).stack}\n`);
    if (target && !target.server.alive) run.error += `; server output: ${target.server.recentOutput.slice(-600)}`;
  } finally {
    open = false;
    pool.destroyAll();
    if (target) {
      const stopping = performance.now();
      await target.stop();
      process.stdout.write(`  [${kind}] server stopped in ${((performance.now() - stopping) / 1000).toFixed(1)} s\n`);
    }
  }
  run.refusals = pool.refusals();
  run.otherCloses = [...pool.closes].filter(([code]) => !run.refusals.some((r) => r.code === code)).map(([code, v]) => ({ code, ...v }));
  run.durationMs = performance.now() - started;
  if (profiles && target && kind === 'ours') {
    const table = profiles.byScenario.get(scenario.name) ?? new SelfTimeTable(REPO_ROOT);
    profiles.byScenario.set(scenario.name, table);
    for (const file of profilesOf(PROFILE_DIR, target.server.pid)) {
      table.add(file, target.server.readyAtMicros, target.server.stopAtMicros);
      profiles.overall.add(file, target.server.readyAtMicros, target.server.stopAtMicros);
    }
  }
  return run;
}

/** The results section from a saved run's figures: the same merge of repeated runs as a live run. */
function markdownFromRun(file: string): number {
  const saved = JSON.parse(fs.readFileSync(path.resolve(file), 'utf8')) as { machine: MachineFacts; command: string; preset: Preset; rows: Row[]; runs: ScenarioRun[] };
  const groups = new Map<string, ScenarioRun[]>();
  for (const run of saved.runs) groups.set(`${run.scenario}\u0000${run.server}`, [...(groups.get(`${run.scenario}\u0000${run.server}`) ?? []), run]);
  const runs = [...groups.values()].map((list) => mergeRuns(list, QUIET_CORES));
  updateBenchmarksMd(path.join(REPO_ROOT, 'BENCHMARKS.md'), resultsSection(saved.machine, saved.preset, saved.rows, runs, saved.command));
  process.stdout.write(`BENCHMARKS.md results rewritten from ${file}.\n`);
  return 0;
}

async function main(): Promise<number> {
  let options: BenchOptions | MarkdownFromRun | 'help';
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if ('mdFrom' in options) return markdownFromRun(options.mdFrom);
  const machine = machineFacts();
  const command = ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
  process.stdout.write(
    `Incident Room benchmarks (${options.preset} sizes): ${machine.cpuModel}, ${machine.cores} cores, Node.js ${machine.node}\n` +
      'Each server runs as its own process; all clients run in this process on the same cores.\n',
  );
  const builds = await buildServers();
  const profiles: ProfileCollector | null = options.cpuProf ? { overall: new SelfTimeTable(REPO_ROOT), byScenario: new Map() } : null;
  if (profiles) fs.mkdirSync(PROFILE_DIR, { recursive: true });

  const allRuns: ScenarioRun[] = [];
  const runs: ScenarioRun[] = [];
  const started = performance.now();
  for (const name of options.scenarios) {
    const scenario = SCENARIOS[name];
    process.stdout.write(`\n${scenario.title}\n`);
    const mine = new Map<TargetKind, ScenarioRun[]>(options.servers.map((k) => [k, []]));
    for (let r = 0; r < options.repeat; r++) {
      for (const kind of options.servers) {
        if (options.repeat > 1) process.stdout.write(`  [${kind}] run ${r + 1} of ${options.repeat}\n`);
        const run = await runScenario(scenario, kind, builds, options, profiles);
        mine.get(kind)!.push(run);
        allRuns.push(run);
        process.stdout.write(`  [${kind}] done in ${(run.durationMs / 1000).toFixed(1)} s\n`);
      }
    }
    for (const list of mine.values()) runs.push(mergeRuns(list, QUIET_CORES));
  }
  const rows = buildRows(runs);
  process.stdout.write(`\n${textTable(rows, options.servers)}\n`);
  const problems = runs.flatMap((run) => [
    ...(run.error ? [`${run.scenario} (${run.server}): failed: ${run.error}`] : []),
    ...(run.timedOut ? [`${run.scenario} (${run.server}): cut off at its time bound; figures are partial`] : []),
    ...run.refusals.map((r) => `${run.scenario} (${run.server}): ${r.count} connection(s) refused or closed with ${r.code}${r.reason ? ` (${r.reason})` : ''}`),
    ...run.notes.map((n) => `${run.scenario} (${run.server}): ${n}`),
  ]);
  if (problems.length > 0) process.stdout.write(`\nNotes:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.stdout.write(`\nTotal ${((performance.now() - started) / 1000).toFixed(0)} s.\n`);

  let profileSummary: { overall: ProfileSummary; byScenario: Record<string, ProfileSummary> } | null = null;
  if (profiles) {
    const overall = profiles.overall.summary(15);
    const byScenario = Object.fromEntries([...profiles.byScenario].map(([name, table]) => [name, table.summary(15)]));
    profileSummary = { overall, byScenario };
    process.stdout.write(`\nCPU profile of our server (${overall.files.length} file(s) in ${path.relative(REPO_ROOT, PROFILE_DIR)}), all scenarios:\n${formatProfile(overall)}\n`);
    for (const [name, summary] of Object.entries(byScenario)) {
      process.stdout.write(`\n${name}: ${formatProfile({ ...summary, top: summary.top.slice(0, 5) })}\n`);
    }
  }

  const jsonPath = path.resolve(REPO_ROOT, options.jsonPath);
  fs.mkdirSync(path.dirname(jsonPath), { recursive: true });
  fs.writeFileSync(jsonPath, `${JSON.stringify({ machine, command, preset: options.preset, repeat: options.repeat, sizes: options.sizes, rows, runs: allRuns, profile: profileSummary }, null, 2)}\n`);
  process.stdout.write(`Figures written to ${path.relative(REPO_ROOT, jsonPath)}\n`);

  const updateMd = options.updateMarkdown === 'auto' ? options.isDefaultRun : options.updateMarkdown;
  if (updateMd) {
    updateBenchmarksMd(path.join(REPO_ROOT, 'BENCHMARKS.md'), resultsSection(machine, options.preset, rows, runs, command));
    process.stdout.write('BENCHMARKS.md results updated.\n');
  }

  // A harness failure or an update our server failed to deliver fails the run (CI); a missed
  // speed goal does not: figures are for people to judge.
  const failed = runs.some((r) => r.error || r.timedOut) || rows.some((r) => r.goal?.noShortfall && r.holds === false);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
  },
);
