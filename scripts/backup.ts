/**
 * `npm run backup -- <file>`: a consistent copy of a single node's data while it runs (issue 16).
 *
 *   DATA_DIR=/var/lib/incident-room npm run backup -- /backups/incident-room-2024-05-01.sqlite
 *
 * The database goes through SQLite's online backup, from a read-only connection of its own: a
 * plain file copy of a WAL database misses whatever is still in the -wal file and can catch a
 * page half-written. Everything else in the data folder (the generated API token `admin-token`,
 * the status page's link key `status-page-key`)
 * is copied beside it as `<file>.<name>`, mode 0600; restoring means putting both back (README,
 * "Backup and restore"). With DATABASE_URL set the data is in PostgreSQL: pg_dump backs it up.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { ConfigError, loadConfig } from '../server/config.ts';
import { SQLITE_FILE } from '../server/storage/openStorage.ts';

/** Pages copied per step while the database holds still: a progress line per few megabytes. */
const PAGES_PER_STEP = 1000;
/** SQLite's limit on pages per step; asking for this many copies the rest in one step. */
const ALL_PAGES = 0x7fffffff;

/** A reason not to back up that the operator can act on: printed alone, without a stack. */
class Refusal extends Error {}

interface BackupResult {
  database: string;
  /** Other files of the data folder, copied beside the database. */
  companions: string[];
  pages: number;
  incidents: number;
}

/**
 * Copies the database of `dataDir` into `target` (written under a temporary name, renamed when
 * complete and checked) and the data folder's other files beside it.
 */
async function backupDataDir(dataDir: string, target: string, report: (line: string) => void): Promise<BackupResult> {
  const source = path.join(dataDir, SQLITE_FILE);
  if (!fs.existsSync(source)) throw new Refusal(`No database at ${source}: is DATA_DIR right? (it is ${dataDir})`);
  // npm runs scripts in the package's folder; a relative <file> means where the operator typed it.
  const destination = path.resolve(process.env.INIT_CWD ?? '', target);
  if (!fs.existsSync(path.dirname(destination))) throw new Refusal(`The folder ${path.dirname(destination)} does not exist`);

  const partial = `${destination}.partial-${process.pid}`;
  const db = new BetterSqlite3(source, { readonly: true, fileMustExist: true });
  let pages = 0;
  try {
    // The server's checkpoints and our reads take turns on locks; wait rather than fail.
    db.pragma('busy_timeout = 5000');
    let lastRemaining = Infinity;
    let lastShown = -1;
    const result = await db.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        const percent = Math.floor(((totalPages - remainingPages) / totalPages) * 100);
        if (percent >= lastShown + 10) {
          lastShown = percent;
          report(`copied ${totalPages - remainingPages} of ${totalPages} pages (${percent}%)`);
        }
        // A write by the server between two steps restarts the copy from its first page. Under
        // steady writes a copy in steps might never finish, so after one restart the rest goes
        // in a single step: one read transaction, which in WAL mode never blocks the server.
        const restarted = remainingPages >= lastRemaining;
        lastRemaining = remainingPages;
        if (restarted) {
          report('the database changed during the copy: copying the rest in one step');
          return ALL_PAGES;
        }
        return PAGES_PER_STEP;
      },
    });
    pages = result.totalPages;
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }

  let incidents: number;
  try {
    incidents = checkCopy(partial);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  // It holds every token's and session's record: as private as the data folder.
  fs.chmodSync(partial, 0o600);
  fs.renameSync(partial, destination);

  const companions: string[] = [];
  for (const entry of fs.readdirSync(dataDir, { withFileTypes: true })) {
    // The database and its -wal, -shm and -journal are in the copy already.
    if (!entry.isFile() || entry.name.startsWith(SQLITE_FILE) || path.join(dataDir, entry.name) === destination) continue;
    const copy = `${destination}.${entry.name}`;
    fs.copyFileSync(path.join(dataDir, entry.name), copy);
    fs.chmodSync(copy, 0o600);
    companions.push(copy);
  }
  return { database: destination, companions, pages, incidents };
}

/** Answers how many incidents the copy holds, after SQLite has checked every page of it. */
function checkCopy(file: string): number {
  // Not read-only: a read-only connection would leave the copy's -wal and -shm files behind.
  const copy = new BetterSqlite3(file, { fileMustExist: true });
  try {
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`the copy failed SQLite's integrity check: ${String(check)}`);
    return (copy.prepare('SELECT COUNT(*) AS n FROM incidents').get() as { n: number }).n;
  } finally {
    copy.close();
  }
}

async function main(): Promise<void> {
  const target = process.argv[2];
  if (!target || process.argv.length > 3) throw new Refusal('Usage: npm run backup -- <file>   (backs up DATA_DIR, ./data unless set)');
  const config = loadConfig();
  if (config.storage.kind === 'postgres') {
    throw new Refusal(
      'DATABASE_URL is set: the data is in PostgreSQL, not in DATA_DIR. Back it up with pg_dump, e.g.\n' +
        '  pg_dump -Fc --dbname="$DATABASE_URL" --file=incident-room.dump\n' +
        'and restore it with pg_restore (see "Backup and restore" in the README).',
    );
  }
  const log = (line: string) => process.stdout.write(`${line}\n`);
  log(`backing up ${path.join(config.dataDir, SQLITE_FILE)}`);
  const result = await backupDataDir(config.dataDir, target, log);
  log(`backup complete: ${result.database} (${result.pages} pages, ${result.incidents} incidents, integrity checked)`);
  for (const file of result.companions) log(`  and ${file} (mode 0600: it holds a secret)`);
  log(`To restore: stop the server; into an empty DATA_DIR, copy ${result.database} as ${SQLITE_FILE}`);
  for (const file of result.companions) log(`  and ${file} as ${file.slice(result.database.length + 1)}`);
  log('then start the server.');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Refusal || error instanceof ConfigError ? error.message : (error as Error).stack}\n`);
  process.exit(1);
});
