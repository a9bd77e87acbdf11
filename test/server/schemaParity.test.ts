/**
 * One schema, both engines (issue 16): a freshly migrated SQLite file and PostgreSQL database
 * have the same tables, columns (type, nullability, default), keys and indexes, and databases
 * that older servers left behind upgrade in place to exactly that schema, data intact.
 */
import { afterAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { SqliteDatabase } from '../../server/storage/sql/sqlite.ts';
import { PostgresDatabase } from '../../server/storage/sql/postgres.ts';
import { SCHEMA_VERSION } from '../../server/storage/sql/migrations.ts';
import { repositoriesOn } from '../../server/storage/openStorage.ts';
import type { SqlDatabase } from '../../server/storage/sql/SqlDatabase.ts';
import { SharedSecrets } from '../../server/storage/secrets.ts';
import { LEGACY_POSTGRES_MIGRATIONS, LEGACY_SQLITE_MIGRATIONS } from '../fixtures/legacyMigrations.ts';
import { createTestDatabase } from '../helpers/postgres.ts';
import type { TestDatabase } from '../helpers/postgres.ts';
import { postgresSchema, sqliteSchema } from '../helpers/liveSchema.ts';
import type { Schema } from '../helpers/liveSchema.ts';
import { tempDataDir } from '../helpers/tempDataDir.ts';

const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const d of databases) await d.drop();
});

async function freshPostgres(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  databases.push(database);
  return database;
}

const sqliteFile = () => path.join(tempDataDir(), 'incident-room.sqlite');

async function migratedSqlite(): Promise<{ schema: Schema; version: number }> {
  const file = sqliteFile();
  const db = new SqliteDatabase(file);
  const version = db.schemaVersion;
  await db.close();
  return { schema: sqliteSchema(file), version };
}

async function migratedPostgres(): Promise<{ schema: Schema; version: number }> {
  const database = await freshPostgres();
  const db = await PostgresDatabase.connect(database.url, 2);
  const version = db.schemaVersion;
  await db.close();
  return { schema: await postgresSchema(database.url), version };
}

/** Table by table, so a difference names its table. */
function expectSameSchema(actual: Schema, expected: Schema): void {
  expect(Object.keys(actual)).toEqual(Object.keys(expected));
  for (const table of Object.keys(expected)) expect(actual[table], table).toEqual(expected[table]);
}

/** A document's log, its head and a snapshot, as the sync path stores them. */
const LOG = [
  ['a', 1, [1, 2, 3]],
  ['b', 1, [10]],
  ['a', 2, [4, 5]],
  ['a', 3, [6]],
] as const;

async function expectLogIntact(db: SqlDatabase): Promise<void> {
  const s = repositoriesOn(db);
  expect(await s.updateLog.heads(['a', 'b'])).toEqual(new Map([['a', 3], ['b', 1]]));
  const a = await s.updateLog.load('a');
  expect([...a.snapshot!]).toEqual([99]);
  expect(a.updates.map((u) => [...u])).toEqual([[6]]);
  // The total is backfilled from the log, snapshot or not, then kept by each append.
  expect(a.logBytes).toBe(6);
  expect((await s.updateLog.load('b')).logBytes).toBe(1);
  expect(await db.transaction(() => s.updateLog.append('a', [{ data: new Uint8Array([7, 8]), author: 'u', receivedAt: 9 }]))).toBe(4);
  expect((await s.updateLog.load('a')).logBytes).toBe(8);
  await expect(db.run('INSERT INTO doc_updates (doc, data, author, received_at) VALUES (?, ?, ?, ?)', ['a', new Uint8Array([1]), 'u', 1])).rejects.toThrow(/NOT NULL|null value/);
}

describe('one schema for both engines', () => {
  it('a fresh SQLite file and a fresh PostgreSQL database get the same schema, table by table, column by column', async () => {
    const [sqlite, postgres] = await Promise.all([migratedSqlite(), migratedPostgres()]);
    expect(sqlite.version).toBe(SCHEMA_VERSION);
    expect(postgres.version).toBe(SCHEMA_VERSION);
    expectSameSchema(sqlite.schema, postgres.schema);
    // What the drift was, and what was added, is there (so the comparison is not of two empty lists).
    expect(sqlite.schema.doc_updates!.columns.find((c) => c.name === 'doc_seq')).toEqual({ name: 'doc_seq', type: 'integer', notNull: true, default: null });
    expect(sqlite.schema.doc_heads!.columns.find((c) => c.name === 'bytes')).toEqual({ name: 'bytes', type: 'integer', notNull: true, default: '0' });
    expect(sqlite.schema.secrets!.primaryKey).toEqual(['name']);
    expect(sqlite.schema.tokens!.indexes.map((i) => i.name)).toEqual(['tokens_incident', 'unique (hash)']);
  });

  it('an SQLite data folder at the last migration before issue 16 upgrades in place to that schema', async () => {
    const file = sqliteFile();
    const raw = new BetterSqlite3(file);
    raw.exec('CREATE TABLE schema_version (version INTEGER NOT NULL)');
    for (const sql of LEGACY_SQLITE_MIGRATIONS) raw.exec(sql);
    raw.prepare('INSERT INTO schema_version VALUES (?)').run(LEGACY_SQLITE_MIGRATIONS.length);
    const insert = raw.prepare('INSERT INTO doc_updates (doc, doc_seq, data, author, received_at) VALUES (?, ?, ?, ?, ?)');
    for (const [doc, seq, data] of LOG) insert.run(doc, seq, Buffer.from(data), 'u', seq);
    raw.prepare('INSERT INTO doc_heads (doc, seq) VALUES (?, ?), (?, ?)').run('a', 3, 'b', 1);
    raw.prepare('INSERT INTO doc_snapshots VALUES (?, ?, ?, ?)').run('a', 2, Buffer.from([99]), 1);
    raw.close();

    const db = new SqliteDatabase(file);
    expect(db.schemaVersion).toBe(SCHEMA_VERSION);
    await expectLogIntact(db);
    await db.close();
    expectSameSchema(sqliteSchema(file), (await migratedSqlite()).schema);
  });

  it('a PostgreSQL database made before issue 16 upgrades in place to that schema, its shared secrets kept', async () => {
    const database = await freshPostgres();
    const raw = new pg.Client({ connectionString: database.url });
    await raw.connect();
    await raw.query('CREATE TABLE schema_version (version INTEGER NOT NULL)');
    for (const sql of LEGACY_POSTGRES_MIGRATIONS) await raw.query(sql);
    await raw.query('INSERT INTO schema_version VALUES ($1)', [LEGACY_POSTGRES_MIGRATIONS.length]);
    for (const [doc, seq, data] of LOG) {
      await raw.query('INSERT INTO doc_updates (doc, doc_seq, data, author, received_at) VALUES ($1, $2, $3, $4, $5)', [doc, seq, Buffer.from(data), 'u', seq]);
    }
    await raw.query("INSERT INTO doc_heads (doc, seq) VALUES ('a', 3), ('b', 1)");
    await raw.query("INSERT INTO doc_snapshots VALUES ('a', 2, '\\x63', 1)");
    await raw.query("INSERT INTO secrets VALUES ('session-key', 'kept')");
    await raw.end();

    const db = await PostgresDatabase.connect(database.url, 2);
    expect(db.schemaVersion).toBe(SCHEMA_VERSION);
    await expectLogIntact(db);
    expect(await new SharedSecrets(db).readOrCreate('session-key', () => 'new')).toEqual({ value: 'kept', created: false });
    await db.close();
    // A second start finds nothing left to do.
    const again = await PostgresDatabase.connect(database.url, 2);
    expect(again.schemaVersion).toBe(SCHEMA_VERSION);
    await again.close();
    expectSameSchema(await postgresSchema(database.url), (await migratedSqlite()).schema);
  });

});
