/** Opens the configured engine and the repositories on it: everything else sees only these. */
import path from 'node:path';
import type { Config } from '../config.ts';
import type { SqlDatabase } from './sql/SqlDatabase.ts';
import { SqliteDatabase } from './sql/sqlite.ts';
import { UpdateLog } from './updateLog.ts';
import { Incidents } from './incidents.ts';
import { Tokens } from './tokens.ts';
import { Users } from './users.ts';
import { AuditTrail } from './audit.ts';
import { Roster } from './roster.ts';
import { Timers } from './timers.ts';
import { AlertLedger } from './alertLedger.ts';

/** The SQLite database file in DATA_DIR (the embedded default). */
export const SQLITE_FILE = 'incident-room.sqlite';

export interface Storage {
  db: SqlDatabase;
  updateLog: UpdateLog;
  incidents: Incidents;
  tokens: Tokens;
  users: Users;
  audit: AuditTrail;
  roster: Roster;
  timers: Timers;
  alerts: AlertLedger;
}

export function repositoriesOn(db: SqlDatabase): Storage {
  return {
    db,
    updateLog: new UpdateLog(db),
    incidents: new Incidents(db),
    tokens: new Tokens(db),
    users: new Users(db),
    audit: new AuditTrail(db),
    roster: new Roster(db),
    timers: new Timers(db),
    alerts: new AlertLedger(db),
  };
}

export async function openStorage(config: Pick<Config, 'storage' | 'dataDir'>): Promise<Storage> {
  const { storage } = config;
  const db =
    storage.kind === 'postgres'
      ? // Loaded only when used: a node on SQLite never pays for the PostgreSQL driver.
        await (await import('./sql/postgres.ts')).PostgresDatabase.connect(storage.url, storage.poolSize)
      : new SqliteDatabase(path.join(config.dataDir, SQLITE_FILE));
  return repositoriesOn(db);
}
