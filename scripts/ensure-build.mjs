#!/usr/bin/env node
/**
 * `npm start` runs the server compiled ahead of time (dist/server/main.mjs) and serves the client
 * from dist/client. This script brings both up to date first, rebuilding only what a newer source
 * makes stale, so a restart during an incident costs the start of a JavaScript file, not a
 * TypeScript compile or a client build (issue 15). It prints one line saying what it did.
 *
 *   node scripts/ensure-build.mjs              server bundle and client, as `npm start` needs them
 *   node scripts/ensure-build.mjs --out DIR    the server bundle only, into DIR/main.mjs
 *
 * A build counts as fresh when no input (file or folder: a deleted file changes its folder) was
 * modified at or after the moment the build began. That moment is read from the filesystem's own
 * clock and given to the output as its modification time, so an edit made while a build ran is
 * caught by the next start.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Inputs of both builds: the code they share, the dependency versions, compiler settings, this script's settings. */
const COMMON_INPUTS = ['shared', 'package.json', 'package-lock.json', 'tsconfig.json', 'scripts/ensure-build.mjs'];
const SERVER_INPUTS = ['server', ...COMMON_INPUTS];
// The client bundles its dependencies, so a reinstall (which rewrites npm's own lock in node_modules) rebuilds it.
const CLIENT_INPUTS = ['client', 'vite.config.ts', 'node_modules/.package-lock.json', ...COMMON_INPUTS];

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const serverDir = path.resolve(values.out ?? path.join(ROOT, 'dist/server'));
const serverStamp = path.join(serverDir, 'main.mjs');
const clientDir = path.join(ROOT, 'dist/client');
const clientStamp = path.join(clientDir, 'index.html');

/** The newest modification under `inputs` (relative to ROOT), and where it is. */
function newestInput(inputs) {
  let newest = { ms: 0, file: '' };
  const visit = (file) => {
    let stat;
    try {
      stat = fs.lstatSync(file);
    } catch {
      return; // an optional input, e.g. node_modules/.package-lock.json before any install
    }
    if (stat.mtimeMs > newest.ms) newest = { ms: stat.mtimeMs, file };
    if (stat.isDirectory()) for (const name of fs.readdirSync(file)) visit(path.join(file, name));
  };
  for (const input of inputs) visit(path.join(ROOT, input));
  return newest;
}

/** Why `stamp` needs building, or null when it is fresh. */
function staleness(stamp, inputs) {
  let built;
  try {
    built = fs.statSync(stamp).mtimeMs;
  } catch {
    return 'no build yet';
  }
  const newest = newestInput(inputs);
  return newest.ms >= built ? `${path.relative(ROOT, newest.file)} changed` : null;
}

/** The filesystem's current time, which is what later edits will be stamped with (it may lag the wall clock). */
function filesystemNow(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const probe = path.join(dir, `.build-clock-${process.pid}`);
  fs.writeFileSync(probe, '');
  const { mtime } = fs.statSync(probe);
  fs.rmSync(probe);
  return mtime;
}

/** Writes a file whole or not at all, so a server starting meanwhile never loads half a bundle. */
function writeAtomically(file, contents) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, contents);
  fs.renameSync(temporary, file);
}

async function buildServer() {
  const startedAt = filesystemNow(serverDir);
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ['server/main.ts'],
    outfile: serverStamp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dependencies load from node_modules at run time, as under tsx: native modules and
    // packages that find their own files keep working, and the bundle holds only our code.
    packages: 'external',
    sourcemap: 'linked',
    // Function and class names as written (tsx keeps them too): stack traces, logs and CPU profiles.
    keepNames: true,
    write: false,
    logLevel: 'warning',
  });
  // The map first: a server starting between the two renames finds the map its bundle names.
  for (const file of result.outputFiles.filter((f) => f.path.endsWith('.map'))) writeAtomically(file.path, file.contents);
  for (const file of result.outputFiles.filter((f) => !f.path.endsWith('.map'))) writeAtomically(file.path, file.contents);
  fs.utimesSync(serverStamp, startedAt, startedAt);
}

async function buildClient() {
  const startedAt = filesystemNow(path.dirname(clientDir));
  const vite = await import('vite');
  await vite.build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'error' });
  fs.utimesSync(clientStamp, startedAt, startedAt);
}

/** Runs `build` when `stamp` is stale; returns what it did, for the summary line. */
async function ensure(what, stamp, inputs, build) {
  const why = staleness(stamp, inputs);
  if (!why) return `${what} up to date`;
  const started = performance.now();
  await build();
  return `built the ${what} in ${((performance.now() - started) / 1000).toFixed(1)} s (${why})`;
}

async function main() {
  const done = [await ensure('server', serverStamp, SERVER_INPUTS, buildServer)];
  if (values.out === undefined) done.push(await ensure('client', clientStamp, CLIENT_INPUTS, buildClient));
  process.stdout.write(`build: ${done.join('; ')}\n`);
}

main().catch((error) => {
  process.stderr.write(`build failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
