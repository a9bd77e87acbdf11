/**
 * `npm run backup` on a running server while a scribe writes (issue 16). Restored into a fresh
 * data folder, a server finds every incident and every entry a reader saw before the backup
 * began, the copy passes SQLite's integrity check, the API token and the responder tokens still
 * work, and the stock client syncs from it. Without the script refusing, DATABASE_URL set would
 * back up an unused SQLite file.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import type { WebsocketProvider } from 'y-websocket';
import { ServerProcess, freePort } from '../helpers/serverProcess.ts';
import { tempDataDir } from '../helpers/tempDataDir.ts';
import { connectDoc, eventually, synced } from '../helpers/clients.ts';
import { SteadyScribe, addTranscriptEntry, recordSeen, transcriptIds } from '../helpers/cluster.ts';
import { readTranscript } from '../../shared/responderDoc.ts';

/** Runs `npm run backup -- <args>` as the package script does, and answers how it ended. */
function runBackup(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, output })));
}

/**
 * A server as an installation runs it: no ADMIN_TOKEN in its environment (undefined leaves it out
 * of the child's), so it generates one into its data folder, which a restore must bring back.
 */
function installedServer(port: number, dataDir: string): ServerProcess {
  return new ServerProcess(port, dataDir, { ADMIN_TOKEN: undefined as unknown as string });
}

async function api(server: ServerProcess, token: string, method: string, pathname: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(server.url + pathname, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** Large enough (over 1000 pages of 4 KiB) that the backup copies in several steps and shows progress. */
const BALLAST_ENTRIES = 60;
const BALLAST_TEXT = 'x'.repeat(100_000);

describe('backup of a running server', () => {
  const providers: WebsocketProvider[] = [];
  const servers: ServerProcess[] = [];
  const folders: string[] = [];
  let scribe: SteadyScribe | undefined;
  afterAll(async () => {
    scribe?.stop();
    for (const p of providers) p.destroy();
    await Promise.all(servers.map((s) => s.stop('SIGKILL')));
    for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('restores every incident and every entry seen before it began, while a scribe writes', { timeout: 90_000 }, async () => {
    const dataDir = tempDataDir();
    const backupDir = tempDataDir();
    const restoredDir = tempDataDir();
    folders.push(dataDir, backupDir, restoredDir);
    const original = installedServer(await freePort(), dataDir);
    servers.push(original);
    onTestFailed(() => console.log(servers.map((s) => `--- server on ${s.dataDir} ---\n${s.output}`).join('\n')));
    await original.start();
    const adminToken = fs.readFileSync(path.join(dataDir, 'admin-token'), 'utf8').trim();

    const declare = async (title: string) => {
      const res = await api(original, adminToken, 'POST', '/api/incidents', { title, severity: 'SEV2' });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const responder = async (incident: string, name: string) =>
      (await api(original, adminToken, 'POST', `/api/incidents/${incident}/tokens`, { access: 'responder', name })).body.token as string;
    const join = async (incident: string, token: string) => {
      const p = connectDoc(original.wsUrl, incident, token);
      providers.push(p);
      await synced(p, 20_000);
      return p;
    };

    // An earlier incident with a long transcript, a live one, and one nobody has written in.
    const earlier = await declare('Earlier outage');
    const live = await declare('Checkout errors');
    const quiet = await declare('Quiet one');
    const earlierWriter = await join(earlier, await responder(earlier, 'Earlier scribe'));
    for (let i = 0; i < BALLAST_ENTRIES; i++) addTranscriptEntry(earlierWriter.doc, `old-${i}`, BALLAST_TEXT);
    const earlierReader = await join(earlier, await responder(earlier, 'Earlier reader'));
    await eventually(() => transcriptIds(earlierReader.doc).length === BALLAST_ENTRIES, 'the earlier transcript reaches a reader', 30_000);

    const liveToken = await responder(live, 'Scribe');
    const reader = await join(live, await responder(live, 'Reader'));
    const seen = new Set<string>();
    recordSeen(reader, seen);
    // 50 entries a second, under the per-connection update rate limit (60/s).
    scribe = new SteadyScribe(await join(live, liveToken), 'live', 20);
    await eventually(() => seen.size >= 50, 'a reader sees the scribe writing', 20_000);

    const seenBefore = [...seen];
    const backupFile = path.join(backupDir, 'incident-room-backup.sqlite');
    const backup = await runBackup([backupFile], { DATA_DIR: dataDir });
    expect(backup.code, backup.output).toBe(0);
    // The server served on through the copy: its read never blocked a write.
    await eventually(() => seen.size > seenBefore.length + 10, 'the scribe writes on after the backup', 20_000);
    scribe.stop();
    const written = scribe.written;
    expect((await original.stop('SIGTERM')).code).toBe(0);

    // The backup is the database and the data folder's secret files, nothing half-made beside them.
    expect(fs.readdirSync(backupDir).sort()).toEqual([
      'incident-room-backup.sqlite',
      'incident-room-backup.sqlite.admin-token',
      'incident-room-backup.sqlite.status-page-key',
    ]);
    for (const secret of ['admin-token', 'status-page-key']) expect(fs.statSync(`${backupFile}.${secret}`).mode & 0o077).toBe(0);

    // Restored as the README says: the database and the token file into an empty data folder.
    fs.copyFileSync(backupFile, path.join(restoredDir, 'incident-room.sqlite'));
    fs.copyFileSync(`${backupFile}.admin-token`, path.join(restoredDir, 'admin-token'));
    fs.copyFileSync(`${backupFile}.status-page-key`, path.join(restoredDir, 'status-page-key'));
    const check = new BetterSqlite3(path.join(restoredDir, 'incident-room.sqlite'));
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();

    const restored = installedServer(await freePort(), restoredDir);
    servers.push(restored);
    await restored.start();
    const listed = await api(restored, adminToken, 'GET', '/api/incidents');
    expect(listed.status, 'the API token from before the backup').toBe(200);
    expect((listed.body.incidents as Array<{ id: string }>).map((i) => i.id).sort()).toEqual([earlier, live, quiet].sort());

    expect((await api(restored, liveToken, 'GET', '/api/session')).status, 'a responder token issued before the backup').toBe(200);
    // The stock client, with that token, syncs from the restored server.
    const after = connectDoc(restored.wsUrl, live, liveToken);
    providers.push(after);
    await synced(after, 20_000);
    const entries = readTranscript(after.doc);
    const ids = entries.map((e) => e.id);
    expect(seenBefore.filter((id) => !ids.includes(id)), 'entries seen before the backup but not restored').toEqual([]);
    expect(new Set(ids).size, 'entries restored twice').toBe(ids.length);
    expect(ids.filter((id) => !written.includes(id)), 'entries nobody wrote').toEqual([]);
    for (const e of entries) expect(e.text).toBe(`live entry ${e.id.slice('live-'.length)}`);

    const reviewer = await api(restored, adminToken, 'POST', `/api/incidents/${earlier}/tokens`, { access: 'responder', name: 'Reviewer' });
    const earlierAfter = connectDoc(restored.wsUrl, earlier, reviewer.body.token as string);
    providers.push(earlierAfter);
    await synced(earlierAfter, 20_000);
    const old = readTranscript(earlierAfter.doc);
    expect(old.map((e) => e.id)).toEqual(Array.from({ length: BALLAST_ENTRIES }, (_, i) => `old-${i}`));
    expect(old.every((e) => e.text === BALLAST_TEXT)).toBe(true);
    expect(backup.output, 'progress while copying a large database').toMatch(/copied \d+ of \d+ pages/);
  });

  it('refuses a PostgreSQL installation, pointing to pg_dump', async () => {
    const dir = tempDataDir();
    folders.push(dir);
    const res = await runBackup([path.join(dir, 'backup.sqlite')], { DATA_DIR: dir, DATABASE_URL: 'postgres://incident@db.internal:5432/incident_room' });
    expect(res.code).toBe(1);
    expect(res.output).toContain('pg_dump');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('refuses a data folder without a database, naming it', async () => {
    const dir = tempDataDir();
    folders.push(dir);
    const res = await runBackup([path.join(dir, 'backup.sqlite')], { DATA_DIR: path.join(dir, 'not-here') });
    expect(res.code).toBe(1);
    expect(res.output).toContain(`No database at ${path.join(dir, 'not-here', 'incident-room.sqlite')}`);
  });
});
