/**
 * Every server under test runs as plain JavaScript built before the run, as `npm start` runs ours:
 * a server compiled by `tsx` at start pays for the compiler in start-up time and resident memory,
 * which would blur exactly the figures the start-up scenario compares. Ours is built by
 * scripts/ensure-build.mjs (the build `npm start` makes, into the bench's own folder so a run
 * never races a server started from dist/); the two reference servers are bundled with the same
 * esbuild settings.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const OUT_DIR = path.join(REPO_ROOT, 'test-artifacts', 'bench', 'servers');

export interface ServerBuilds {
  ours: string;
  'y-websocket': string;
  hocuspocus: string;
}

/** Builds ours when its sources changed (printing the build script's line) and bundles both references. */
export async function buildServers(): Promise<ServerBuilds> {
  const oursDir = path.join(OUT_DIR, 'ours');
  const line = execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'ensure-build.mjs'), '--out', oursDir], { cwd: REPO_ROOT, encoding: 'utf8' });
  process.stdout.write(`Our server: ${line}`);
  return {
    ours: path.join(oursDir, 'main.mjs'),
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
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    keepNames: true,
    logLevel: 'warning',
  });
  return outfile;
}
