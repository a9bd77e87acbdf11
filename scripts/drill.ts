/**
 * `npm run drill [-- --size smoke|full]`: the scripted outage of issue 22 (a game day), full size
 * unless told. Needs what the cluster tests need (PostgreSQL at TEST_PG_URL, redis-server,
 * Chromium, the built client: `npx vite build`), and uses Alertmanager where it is installed.
 * Prints each step with its duration and the incident's timeline; exits 1 on any failed check.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runDrill } from '../test/drill/runDrill.ts';
import { drillSize } from '../test/drill/sizes.ts';
import { seconds } from '../test/drill/stepLog.ts';
import type { StepLog } from '../test/drill/stepLog.ts';

function sizeArgument(args: string[]): string {
  const at = args.findIndex((a) => a === '--size' || a.startsWith('--size='));
  if (at < 0) return 'full';
  return args[at]!.includes('=') ? args[at]!.split('=')[1]! : (args[at + 1] ?? '');
}

function printSteps(log: StepLog): void {
  console.log('\nSteps:');
  for (const s of log.steps) console.log(`  ${s.failed ? '✗' : '✓'} ${seconds(s.endedAt - s.startedAt).padStart(7)}  ${s.name}${s.failed ? `\n      ${s.failed.split('\n')[0]}` : ''}`);
  const total = Math.max(...log.steps.map((s) => s.endedAt)) - log.startedAt;
  console.log(`  total ${seconds(total)}`);
}

async function main(): Promise<number> {
  let size;
  try {
    size = drillSize(sizeArgument(process.argv.slice(2)));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  if (!fs.existsSync(path.resolve('dist/client/index.html'))) {
    console.error('dist/client is missing: run `npx vite build` first (the responders use the built client)');
    return 2;
  }
  try {
    const result = await runDrill(size, (line) => console.log(line));
    console.log('\nThe incident as its timeline tells it:');
    for (const line of result.timeline) console.log(`  ${line}`);
    printSteps(result.log);
    console.log('\nDrill passed.');
    return 0;
  } catch (error) {
    const e = error as Error & { stepLog?: StepLog; nodeLogs?: string };
    if (e.stepLog) printSteps(e.stepLog);
    console.error(`\nDrill failed: ${e.message}`);
    if (process.env.DRILL_NODE_LOGS && e.nodeLogs) console.error(e.nodeLogs);
    else console.error('(DRILL_NODE_LOGS=1 prints what every node logged)');
    return 1;
  }
}

// Exits at once: the Chromium, provider and stand-in handles are closed, but a lingering socket must not hold a CI job.
process.exit(await main());
