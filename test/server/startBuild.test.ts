/**
 * `npm start` runs the server built ahead of time by scripts/ensure-build.mjs (issue 15): the
 * build is made when missing, skipped while no source changed, redone when one did (touched, a
 * file deleted, or different content copied in with an older time), and the bundle it makes is a
 * working server.
 *
 * The script runs in a copy of the sources in a temporary folder (node_modules linked), building
 * the server only (`--out`), so it never touches the repository's dist/ that other tests and a
 * running server use, and sources can be touched freely. Modification times are set with
 * fs.utimes instead of waiting for the clock to move.
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/clients.ts';
import { tempDataDir } from '../helpers/tempDataDir.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
/** What the server build reads: its sources, dependency versions, compiler settings, the script and its bundle settings. */
const SOURCES = ['server', 'shared', 'package.json', 'package-lock.json', 'tsconfig.json', 'scripts/ensure-build.mjs', 'scripts/serverBundle.mjs'];
/** Generous: a build and a server start on a busy 2-core machine. */
const SLOW_MS = 90_000;

const run = promisify(execFile);

function setMtimeDeep(file: string, time: Date): void {
  fs.utimesSync(file, time, time);
  if (fs.statSync(file).isDirectory()) for (const name of fs.readdirSync(file)) setMtimeDeep(path.join(file, name), time);
}

describe('the server build npm start runs', () => {
  let copy: string;
  let out: string;
  let bundle: string;
  let dataDir: string | null = null;
  let server: ChildProcess | null = null;

  const build = async (): Promise<string> => (await run(process.execPath, ['scripts/ensure-build.mjs', '--out', out], { cwd: copy, timeout: SLOW_MS })).stdout;

  beforeAll(() => {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-room-build-'));
    for (const source of SOURCES) fs.cpSync(path.join(REPO_ROOT, source), path.join(copy, source), { recursive: true });
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(copy, 'node_modules'));
    // A file no module imports, to delete later.
    fs.writeFileSync(path.join(copy, 'shared', 'retired.ts'), 'export {};\n');
    // Every source an hour old, so the first build is newer than all of them.
    for (const source of SOURCES) setMtimeDeep(path.join(copy, source), new Date(Date.now() - 3_600_000));
    out = path.join(copy, 'out');
    bundle = path.join(out, 'main.mjs');
  });

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGKILL');
      await exited;
    }
    fs.rmSync(copy, { recursive: true, force: true });
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('builds when there is no build yet', async () => {
    expect(await build()).toMatch(/^build: built the server in [\d.]+ s \(no build yet\)\n$/);
    expect(fs.existsSync(bundle)).toBe(true);
    expect(fs.existsSync(`${bundle}.map`)).toBe(true);
  }, SLOW_MS);

  it('skips the build while no source changed', async () => {
    const before = fs.statSync(bundle).mtimeMs;
    expect(await build()).toBe('build: server up to date\n');
    expect(fs.statSync(bundle).mtimeMs).toBe(before);
  }, SLOW_MS);

  it('rebuilds when a source changed', async () => {
    const touched = path.join(copy, 'server', 'config.ts');
    fs.utimesSync(touched, new Date(), new Date());
    expect(await build()).toMatch(/^build: built the server in [\d.]+ s \(server\/config\.ts changed\)\n$/);
    expect(await build()).toBe('build: server up to date\n');
  }, SLOW_MS);

  it('rebuilds when a source file was deleted', async () => {
    fs.rmSync(path.join(copy, 'shared', 'retired.ts'));
    expect(await build()).toMatch(/^build: built the server in [\d.]+ s \(shared changed\)\n$/);
  }, SLOW_MS);

  it('rebuilds when a source with other contents arrives with an older time, as rsync -a copies it', async () => {
    const copied = path.join(copy, 'server', 'config.ts');
    fs.appendFileSync(copied, '// deployed\n');
    fs.utimesSync(copied, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    expect(await build()).toMatch(/^build: built the server in [\d.]+ s \(sources differ from the build\)\n$/);
    expect(await build()).toBe('build: server up to date\n');
  }, SLOW_MS);

  it('makes a bundle that starts and answers its health check', async () => {
    let output = '';
    dataDir = tempDataDir();
    server = spawn(process.execPath, ['--enable-source-maps', bundle], {
      cwd: copy,
      // Only what the server needs, so no DATABASE_URL or REDIS_URL of the runner's leaks in.
      env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    server.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    let url: string | null = null;
    await eventually(
      () => {
        if (server!.exitCode !== null) throw new Error(`the bundled server exited with ${server!.exitCode}: ${output}`);
        const line = output.split('\n').find((l) => l.includes('"incident room listening"'));
        url = line ? (JSON.parse(line) as { url: string }).url : null;
        return url !== null;
      },
      'the bundled server to listen',
      SLOW_MS,
    );
    const res = await fetch(`${url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, roomsLoaded: 0 });

    const exited = new Promise<number | null>((resolve) => server!.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, SLOW_MS * 2);
});
