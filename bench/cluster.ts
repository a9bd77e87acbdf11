/**
 * `npm run bench:cluster`: how many connections and how many updates per second one node and
 * three nodes hold on this machine, against the default install (one node on SQLite) for
 * comparison. Each measurement gets a fresh deployment (stack.ts): a fresh PostgreSQL
 * database and a private Redis for the scale-out setups. Prints a table, writes
 * test-artifacts/bench/cluster.json, and after a full default run rewrites the scale-out
 * section of BENCHMARKS.md. See BENCHMARKS.md for the method and `--help` for options.
 *
 * Exit 1 when the harness fails (a deployment that does not start, a node that dies, a bound
 * the harness itself misses) or an edit is lost; never for a figure.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { updateBenchmarksMd } from './lib/benchmarksMd.ts';
import { buildOurServer } from './lib/builds.ts';
import { ForeignLoad, waitForQuiet } from './lib/machineLoad.ts';
import { machineFacts } from './lib/machine.ts';
import { measureConnections } from './clusterLoad/connectionsHeld.ts';
import { parseOptions, USAGE } from './clusterLoad/options.ts';
import type { ClusterOptions, RampSettings, TestName } from './clusterLoad/options.ts';
import { CLUSTER_MARKERS, markdownSection, notes, textTable } from './clusterLoad/report.ts';
import type { SetupResult } from './clusterLoad/report.ts';
import { SETUPS, Stack } from './clusterLoad/stack.ts';
import type { Setup } from './clusterLoad/stack.ts';
import { measureRates } from './clusterLoad/updateRate.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const QUIET_CORES = 0.25;
const QUIET_WAIT_MS = 90_000;

// Every WebsocketProvider registers a process 'exit' listener; thousands of them is intended.
process.setMaxListeners(0);

/** The open-file limit this process (and the servers it starts) runs under. */
function openFileLimit(): number {
  try {
    return Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim()) || 1024;
  } catch {
    return 1024;
  }
}

async function runTest(setup: Setup, entry: string, test: TestName, options: ClusterOptions, settings: RampSettings, result: SetupResult): Promise<void> {
  const log = (text: string) => process.stdout.write(`  [${setup.name}] ${text}\n`);
  if (options.preset !== 'smoke') {
    const busy = await waitForQuiet(QUIET_CORES, QUIET_WAIT_MS);
    if (busy >= QUIET_CORES) log(`other processes still use ${busy.toFixed(2)} cores; running anyway`);
  }
  const started = performance.now();
  let stack: Stack | null = null;
  try {
    stack = await Stack.start(setup, entry);
    const pgPids = stack.db ? await stack.db.backendPids() : [];
    const foreign = new ForeignLoad([...stack.serverPids, ...(stack.redis ? [stack.redis.pid] : []), ...pgPids]);
    log(`${test}: ${setup.nodes} node(s) up in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    if (test === 'connections') result.connections = await measureConnections(stack, options.sizes, settings, log);
    else result.updates = await measureRates(stack, options.sizes, settings, log);
    if (stack.db) foreign.include(await stack.db.backendPids());
    const cores = foreign.cores();
    result.foreignCores = Math.max(result.foreignCores ?? 0, cores);
  } catch (error) {
    result.errors.push(`${test}: ${(error as Error).message}`);
    log(`${test} failed: ${(error as Error).stack}`);
  } finally {
    if (stack) {
      try {
        await stack.stop();
      } catch (error) {
        result.errors.push((error as Error).message);
      }
    }
    log(`${test}: done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
}

async function main(): Promise<number> {
  let options: ClusterOptions | 'help';
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
  const machine = machineFacts();
  const fdLimit = openFileLimit();
  const command = ['npm run bench:cluster', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
  process.stdout.write(
    `Incident Room scale-out benchmark (${options.preset} sizes): ${machine.cpuModel}, ${machine.cores} cores, Node.js ${machine.node}, ulimit -n ${fdLimit}\n` +
      `Every node, PostgreSQL, Redis and this process (all clients) share these ${machine.cores} cores: figures are for this machine, not per node.\n`,
  );
  const settings: RampSettings = { fdLimit, quietCores: QUIET_CORES, waitForQuiet: options.preset !== 'smoke' };
  // Nodes run the server as `npm start` does: built ahead of time, not compiled at start.
  const entry = buildOurServer();
  const started = performance.now();
  const results: SetupResult[] = [];
  for (const name of options.setups) {
    const setup = SETUPS[name];
    process.stdout.write(`\n${setup.label}\n`);
    const result: SetupResult = { setup, connections: null, updates: null, foreignCores: null, errors: [] };
    results.push(result);
    for (const test of options.tests) await runTest(setup, entry, test, options, settings, result);
  }

  process.stdout.write(`\n${textTable(results, options.sizes)}\n`);
  const n = notes(results, QUIET_CORES);
  if (n.length > 0) process.stdout.write(`\nNotes:\n${n.map((x) => `  - ${x}`).join('\n')}\n`);
  process.stdout.write(`\nTotal ${((performance.now() - started) / 1000).toFixed(0)} s.\n`);

  const jsonPath = path.resolve(REPO_ROOT, options.jsonPath);
  fs.mkdirSync(path.dirname(jsonPath), { recursive: true });
  fs.writeFileSync(jsonPath, `${JSON.stringify({ machine, command, preset: options.preset, openFileLimit: fdLimit, sizes: options.sizes, results }, null, 2)}\n`);
  process.stdout.write(`Figures written to ${path.relative(REPO_ROOT, jsonPath)}\n`);

  const failed = results.some((r) => r.errors.length > 0 || (r.connections?.lost ?? 0) > 0 || (r.updates?.lost ?? 0) > 0);
  const updateMd = options.updateMarkdown === 'auto' ? options.isDefaultRun && !failed : options.updateMarkdown;
  if (updateMd) {
    updateBenchmarksMd(path.join(REPO_ROOT, 'BENCHMARKS.md'), markdownSection(machine, options.preset, command, results, options.sizes, QUIET_CORES), CLUSTER_MARKERS);
    process.stdout.write('BENCHMARKS.md scale-out results updated.\n');
  }
  if (failed) process.stdout.write('\nFAILED: the harness broke or edits were lost (see the notes above).\n');
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
  },
);
