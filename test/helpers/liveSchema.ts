/**
 * Reads the schema a database actually has, from the engine's own catalogue, into one shape
 * for both engines, so a SQLite file and a PostgreSQL database can be compared column by
 * column. The normalizing is deliberately small, and each rule says which engine quirk it hides.
 */
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';

export interface ColumnShape {
  name: string;
  /** integer (INTEGER, BIGINT), text, bytes (BLOB, BYTEA). */
  type: string;
  notNull: boolean;
  /** The default as the catalogue spells it; `serial` for a key the engine numbers itself. */
  default: string | null;
}

export interface IndexShape {
  /** Its name, or `unique (columns)` for one an inline UNIQUE made (each engine names those its own way). */
  name: string;
  columns: string[];
  unique: boolean;
  partial: boolean;
}

export interface TableShape {
  /** Sorted by name: the position of a column added later differs by engine and means nothing to our SQL. */
  columns: ColumnShape[];
  primaryKey: string[];
  /** Primary-key indexes are left out: the primary key says it. */
  indexes: IndexShape[];
  /** `column -> table(column)`. */
  foreignKeys: string[];
}

export type Schema = Record<string, TableShape>;

const TYPES: Record<string, string> = { integer: 'integer', bigint: 'integer', text: 'text', blob: 'bytes', bytea: 'bytes' };

function typeOf(declared: string): string {
  const type = TYPES[declared.toLowerCase()];
  if (!type) throw new Error(`no normalized type for ${declared}`);
  return type;
}

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

export function sqliteSchema(file: string): Schema {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const schema: Schema = {};
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string; sql: string }>;
    for (const { name: table, sql } of tables) {
      const info = db.pragma(`table_info(${table})`) as Array<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>;
      const autoincrement = /AUTOINCREMENT/i.test(sql);
      const columns = info.map((c) => ({
        name: c.name,
        type: typeOf(c.type),
        // SQLite lets a primary key other than INTEGER hold NULL (a legacy quirk); our SQL never writes one.
        notNull: c.notnull === 1 || c.pk > 0,
        default: c.pk > 0 && autoincrement ? 'serial' : c.dflt_value,
      }));
      const indexList = db.pragma(`index_list(${table})`) as Array<{ name: string; unique: number; origin: string; partial: number }>;
      const indexes = indexList
        .filter((i) => i.origin !== 'pk')
        .map((i) => {
          const keys = (db.pragma(`index_xinfo(${i.name})`) as Array<{ name: string; desc: number; key: number; seqno: number }>)
            .filter((k) => k.key === 1)
            .sort((a, b) => a.seqno - b.seqno)
            .map((k) => (k.desc ? `${k.name} DESC` : k.name));
          return { name: i.origin === 'u' ? `unique (${keys.join(', ')})` : i.name, columns: keys, unique: i.unique === 1, partial: i.partial === 1 };
        });
      const foreignKeys = (db.pragma(`foreign_key_list(${table})`) as Array<{ from: string; table: string; to: string }>).map((f) => `${f.from} -> ${f.table}(${f.to})`);
      schema[table] = {
        columns: columns.sort(byName),
        primaryKey: info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
        indexes: indexes.sort(byName),
        foreignKeys: foreignKeys.sort(),
      };
    }
    return schema;
  } finally {
    db.close();
  }
}

export async function postgresSchema(url: string): Promise<Schema> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const schema: Schema = {};
    const columns = await client.query<{ table: string; name: string; type: string; nullable: string; default: string | null }>(
      `SELECT table_name AS table, column_name AS name, data_type AS type, is_nullable AS nullable, column_default AS default
       FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    for (const c of columns.rows) {
      schema[c.table] ??= { columns: [], primaryKey: [], indexes: [], foreignKeys: [] };
      schema[c.table]!.columns.push({
        name: c.name,
        type: typeOf(c.type),
        notNull: c.nullable === 'NO',
        // PostgreSQL spells a literal's type after it ('x'::text); SQLite keeps it as written.
        default: c.default?.startsWith('nextval(') ? 'serial' : (c.default?.replace(/::[a-z ]+$/, '') ?? null),
      });
    }
    const indexes = await client.query<{ table: string; name: string; unique: boolean; primary: boolean; partial: boolean; inline: boolean; columns: string[] }>(
      `SELECT t.relname AS table, ic.relname AS name, i.indisunique AS unique, i.indisprimary AS primary,
              i.indpred IS NOT NULL AS partial, con.oid IS NOT NULL AS inline,
              array(SELECT a.attname || CASE WHEN (i.indoption[k.n - 1] & 1) = 1 THEN ' DESC' ELSE '' END
                    FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n) AS columns
       FROM pg_index i
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_class ic ON ic.oid = i.indexrelid
       JOIN pg_namespace ns ON ns.oid = t.relnamespace
       LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.contype = 'u'
       WHERE ns.nspname = 'public'`,
    );
    for (const i of indexes.rows) {
      const table = schema[i.table]!;
      if (i.primary) table.primaryKey = i.columns;
      else table.indexes.push({ name: i.inline ? `unique (${i.columns.join(', ')})` : i.name, columns: i.columns, unique: i.unique, partial: i.partial });
    }
    const foreignKeys = await client.query<{ table: string; from: string; to_table: string; to: string }>(
      `SELECT cl.relname AS table, a.attname AS from, rt.relname AS to_table, ra.attname AS to
       FROM pg_constraint c
       JOIN pg_class cl ON cl.oid = c.conrelid
       JOIN pg_namespace ns ON ns.oid = cl.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       JOIN pg_class rt ON rt.oid = c.confrelid
       JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1]
       WHERE c.contype = 'f' AND ns.nspname = 'public'`,
    );
    for (const f of foreignKeys.rows) schema[f.table]!.foreignKeys.push(`${f.from} -> ${f.to_table}(${f.to})`);
    const sorted: Schema = {};
    for (const name of Object.keys(schema).sort()) {
      const t = schema[name]!;
      sorted[name] = { columns: t.columns.sort(byName), primaryKey: t.primaryKey, indexes: t.indexes.sort(byName), foreignKeys: t.foreignKeys.sort() };
    }
    return sorted;
  } finally {
    await client.end();
  }
}
