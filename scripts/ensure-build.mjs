#!/usr/bin/env node
/**
 * `npm start` runs the server compiled ahead of time (dist/server/main.mjs) and serves the client
 * from dist/client. This script brings both up to date first, rebuilding only what changed
 * sources make stale, so a restart during an incident costs the start of a JavaScript file, not a
 * TypeScript compile or a client build (issue 15). It prints one line saying what it did.
 *
 *   node scripts/ensure-build.mjs              server bundle and client, as `npm start` needs them
 *   node scripts/ensure-build.mjs --out DIR    the server bundle only, into DIR/main.mjs
 *
 * Each build leaves a record beside it: a digest of its inputs' contents, with the moment the
 * build began (read from the filesystem's own clock) as the record's modification time. A build
 * is redone when its output or record is missing, when an input (file or folder: deleting a file
 * changes its folder) was modified at or after that moment, so an edit made while a build ran is
 * caught by the next start, or when the inputs' contents differ from the digest, which catches
 * sources copied in with older times (`rsync -a`, `tar x`) than the build they replace.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { SERVER_BUNDLE_OPTIONS } from './serverBundle.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Inputs of both builds: the code they share, the dependency versions, compiler settings, this script's settings. */
const COMMON_INPUTS = ['shared', 'package.json', 'package-lock.json', 'tsconfig.json', 'scripts/ensure-build.mjs'];
// The client bundles its dependencies, so a reinstall (which rewrites npm's own lock in node_modules) rebuilds it.
const CLIENT_INPUTS = ['client', 'vite.config.ts', 'node_modules/.package-lock.json', ...COMMON_INPUTS];
const SERVER_INPUTS = ['server', 'scripts/serverBundle.mjs', ...COMMON_INPUTS];

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const serverDir = path.resolve(values.out ?? path.join(ROOT, 'dist/server'));
const clientDir = path.join(ROOT, 'dist/client');

const SERVER = {
  name: 'server',
  inputs: SERVER_INPUTS,
  output: path.join(serverDir, 'main.mjs'),
  record: path.join(serverDir, 'main.mjs.sources'),
  build: buildServer,
};
// The client's record stays outside dist/client, which the server serves and Vite empties.
const CLIENT = {
  name: 'client',
  inputs: CLIENT_INPUTS,
  output: path.join(clientDir, 'index.html'),
  record: path.join(ROOT, 'dist', 'client.sources'),
  build: buildClient,
};

/** The inputs (relative to ROOT) as they are now: a digest of their contents, and the newest modification. */
function survey(inputs) {
  const digest = createHash('sha256');
  let newest = { ms: 0, file: '' };
  const visit = (file) => {
    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      return; // an optional input, e.g. node_modules/.package-lock.json before any install
    }
    if (stat.mtimeMs > newest.ms) newest = { ms: stat.mtimeMs, file };
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(file).sort()) visit(path.join(file, name));
    } else {
      const contents = fs.readFileSync(file);
      digest.update(`${path.relative(ROOT, file)}\0${contents.length}\0`).update(contents);
    }
  };
  for (const input of inputs) visit(path.join(ROOT, input));
  return { digest: digest.digest('hex'), newest };
}

/** Why the target needs building, or null when its build is of these inputs. */
function staleness(target, inputs) {
  let recorded;
  try {
    recorded = { digest: fs.readFileSync(target.record, 'utf8').trim(), ms: fs.statSync(target.record).mtimeMs };
  } catch {
    return 'no build yet';
  }
  if (!fs.existsSync(target.output)) return 'no build yet';
  if (inputs.newest.ms >= recorded.ms) return `${path.relative(ROOT, inputs.newest.file)} changed`;
  if (inputs.digest !== recorded.digest) return 'sources differ from the build';
  return null;
}

/** The filesystem's current time, which later edits will be stamped with (it may lag the wall clock). */
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
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { main: 'server/main.ts' },
    outdir: path.dirname(SERVER.output),
    outExtension: { '.js': '.mjs' },
    // What the server imports only when configured (PostgreSQL, Redis, each chat tool) goes in
    // chunks of its own, loaded then: a single node on SQLite does not load those packages.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    ...SERVER_BUNDLE_OPTIONS,
    write: false,
  });
  // Chunks and maps first, the entry last: a server starting meanwhile finds everything it names.
  const last = (f) => (f.path === SERVER.output ? 2 : f.path === `${SERVER.output}.map` ? 1 : 0);
  for (const file of [...result.outputFiles].sort((a, b) => last(a) - last(b))) {
    fs.mkdirSync(path.dirname(file.path), { recursive: true });
    writeAtomically(file.path, file.contents);
  }
  // Chunks of earlier builds are named by their content's hash: drop the ones no longer used.
  const chunks = path.join(path.dirname(SERVER.output), 'chunks');
  const written = new Set(result.outputFiles.map((f) => f.path));
  for (const name of fs.existsSync(chunks) ? fs.readdirSync(chunks) : []) {
    if (!written.has(path.join(chunks, name))) fs.rmSync(path.join(chunks, name));
  }
}

async function buildClient() {
  const vite = await import('vite');
  // Errors only: the chunk-size advice is for developers (`npm run build`), not for every start.
  await vite.build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'error' });
}

/** Builds the target when stale; returns what it did, for the summary line. */
async function ensure(target) {
  const inputs = survey(target.inputs);
  const why = staleness(target, inputs);
  if (!why) return `${target.name} up to date`;
  const startedAt = filesystemNow(path.dirname(target.record));
  const started = performance.now();
  fs.rmSync(target.record, { force: true });
  await target.build();
  writeAtomically(target.record, `${inputs.digest}\n`);
  fs.utimesSync(target.record, startedAt, startedAt);
  return `built the ${target.name} in ${((performance.now() - started) / 1000).toFixed(1)} s (${why})`;
}

async function main() {
  const done = [await ensure(SERVER)];
  if (values.out === undefined) done.push(await ensure(CLIENT));
  process.stdout.write(`build: ${done.join('; ')}\n`);
}

main().catch((error) => {
  // esbuild and Vite have printed their errors with the source lines already.
  process.stderr.write(`build failed${error?.errors ? '' : `: ${error?.stack ?? error}`}\n`);
  process.exit(1);
});
