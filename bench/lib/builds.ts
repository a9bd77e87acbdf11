/**
 * Every server under test runs as plain JavaScript built before the run, as `npm start` runs ours:
 * a server compiled by `tsx` at start pays for the compiler in start-up time and resident memory,
 * which would blur exactly the figures the start-up scenario compares. Ours is built by
 * scripts/ensure-build.mjs (the build `npm start` makes, into the bench's own folder so a run
 * never races a server started from dist/); the two reference servers are bundled with the same
 * esbuild settings (scripts/serverBundle.mjs).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';
import { SERVER_BUNDLE_OPTIONS } from '../../scripts/serverBundle.mjs';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const OUT_DIR = path.join(REPO_ROOT, 'test-artifacts', 'bench', 'servers');

/** Node flags our server runs with, as `npm start` runs it. */
export const OUR_NODE_ARGS: readonly string[] = ['--enable-source-maps'];

export interface ServerBuilds {
  ours: string;
  'y-websocket': string;
  hocuspocus: string;
}

/** Builds our server when its sources changed since the last build (printing what it did); returns the file to run. */
export function buildOurServer(): string {
  const dir = path.join(OUT_DIR, 'ours');
  const line = execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'ensure-build.mjs'), '--out', dir], { cwd: REPO_ROOT, encoding: 'utf8' });
  process.stdout.write(`Our server: ${line}`);
  return path.join(dir, 'main.mjs');
}

/** Ours as `buildOurServer` builds it, and both references bundled afresh. */
export async function buildServers(): Promise<ServerBuilds> {
  return {
    ours: buildOurServer(),
    'y-websocket': await bundle('bench/referenceServer.ts'),
    hocuspocus: await bundle('bench/hocuspocusServer.ts'),
  };
}

async function bundle(entry: string): Promise<string> {
  const outfile = path.join(OUT_DIR, `${path.basename(entry, '.ts')}.mjs`);
  await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: [entry],
    outfile,
    ...SERVER_BUNDLE_OPTIONS,
  });
  return outfile;
}
