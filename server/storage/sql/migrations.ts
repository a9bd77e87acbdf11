/**
 * Schema changes per engine, applied in order on start; each entry runs once, inside a
 * transaction. SQLite keeps its history (existing data folders upgrade in place); PostgreSQL
 * starts from the schema SQLite has reached, in its own types.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE incidents (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    severity TEXT NOT NULL,
    status TEXT NOT NULL,
    service TEXT,
    commander_id TEXT,
    commander_name TEXT,
    created_at INTEGER NOT NULL,
    acknowledged_at INTEGER,
    resolved_at INTEGER
  );
  CREATE INDEX incidents_created ON incidents (created_at DESC);
  CREATE TABLE tokens (
    id TEXT PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    access TEXT NOT NULL CHECK (access IN ('responder', 'stakeholder', 'invite')),
    name TEXT NOT NULL,
    user_id TEXT REFERENCES users (id),
    incident_id TEXT REFERENCES incidents (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    revoked_at INTEGER
  );
  CREATE INDEX tokens_incident ON tokens (incident_id);
  -- The update log: every Yjs update as stored before it was relayed, with who sent it and when.
  CREATE TABLE doc_updates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    doc TEXT NOT NULL,
    data BLOB NOT NULL,
    author TEXT NOT NULL,
    received_at INTEGER NOT NULL
  );
  CREATE INDEX doc_updates_doc ON doc_updates (doc, seq);
  CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    user_id TEXT,
    action TEXT NOT NULL,
    target TEXT,
    detail TEXT
  );
  `,
  `
  -- Compaction: the merged state of a document up to a log position. Loading reads the latest
  -- snapshot and the updates after it; the log itself is kept whole for replay and audit.
  CREATE TABLE doc_snapshots (
    doc TEXT PRIMARY KEY,
    upto_seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    created_at INTEGER NOT NULL
  );
  `,
  `
  CREATE TABLE services (
    service TEXT PRIMARY KEY,
    roster TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  -- Timers that must survive restarts and fire once: claimed by setting fired_at atomically.
  CREATE TABLE timers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    due_at INTEGER NOT NULL,
    fired_at INTEGER,
    cancelled_at INTEGER
  );
  CREATE INDEX timers_pending ON timers (due_at) WHERE fired_at IS NULL AND cancelled_at IS NULL;
  -- Alert notifications already handled (a retried delivery changes nothing), and which open
  -- incident each alert group feeds.
  CREATE TABLE alert_deliveries (
    digest TEXT PRIMARY KEY,
    incident_id TEXT NOT NULL,
    received_at INTEGER NOT NULL
  );
  CREATE TABLE alert_groups (
    source TEXT NOT NULL,
    group_key TEXT NOT NULL,
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    PRIMARY KEY (source, group_key)
  );
  `,
  `
  -- Each document numbers its updates 1, 2, 3, … under a row lock on its head, so a node can
  -- tell from a relayed update's number whether it missed any, and fetch exactly those.
  ALTER TABLE doc_updates ADD COLUMN doc_seq INTEGER;
  UPDATE doc_updates SET doc_seq = (SELECT COUNT(*) FROM doc_updates d WHERE d.doc = doc_updates.doc AND d.seq <= doc_updates.seq);
  CREATE UNIQUE INDEX doc_updates_doc_seq ON doc_updates (doc, doc_seq);
  DROP INDEX doc_updates_doc;
  CREATE TABLE doc_heads (
    doc TEXT PRIMARY KEY,
    seq INTEGER NOT NULL
  );
  INSERT INTO doc_heads (doc, seq) SELECT doc, MAX(doc_seq) FROM doc_updates GROUP BY doc;
  UPDATE doc_snapshots SET upto_seq = COALESCE((SELECT doc_seq FROM doc_updates WHERE seq = doc_snapshots.upto_seq), 0);
  `,
];

export const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
  );
  CREATE TABLE incidents (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    severity TEXT NOT NULL,
    status TEXT NOT NULL,
    service TEXT,
    commander_id TEXT,
    commander_name TEXT,
    created_at BIGINT NOT NULL,
    acknowledged_at BIGINT,
    resolved_at BIGINT
  );
  CREATE INDEX incidents_created ON incidents (created_at DESC);
  CREATE TABLE tokens (
    id TEXT PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    access TEXT NOT NULL CHECK (access IN ('responder', 'stakeholder', 'invite')),
    name TEXT NOT NULL,
    user_id TEXT REFERENCES users (id),
    incident_id TEXT REFERENCES incidents (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT,
    revoked_at BIGINT
  );
  CREATE INDEX tokens_incident ON tokens (incident_id);
  CREATE TABLE doc_updates (
    seq BIGSERIAL PRIMARY KEY,
    doc TEXT NOT NULL,
    doc_seq BIGINT NOT NULL,
    data BYTEA NOT NULL,
    author TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    UNIQUE (doc, doc_seq)
  );
  CREATE TABLE doc_heads (
    doc TEXT PRIMARY KEY,
    seq BIGINT NOT NULL
  );
  CREATE TABLE doc_snapshots (
    doc TEXT PRIMARY KEY,
    upto_seq BIGINT NOT NULL,
    data BYTEA NOT NULL,
    created_at BIGINT NOT NULL
  );
  CREATE TABLE audit (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    user_id TEXT,
    action TEXT NOT NULL,
    target TEXT,
    detail TEXT
  );
  CREATE TABLE services (
    service TEXT PRIMARY KEY,
    roster TEXT NOT NULL,
    updated_at BIGINT NOT NULL
  );
  CREATE TABLE timers (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL,
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    due_at BIGINT NOT NULL,
    fired_at BIGINT,
    cancelled_at BIGINT
  );
  CREATE INDEX timers_pending ON timers (due_at) WHERE fired_at IS NULL AND cancelled_at IS NULL;
  CREATE TABLE alert_deliveries (
    digest TEXT PRIMARY KEY,
    incident_id TEXT NOT NULL,
    received_at BIGINT NOT NULL
  );
  CREATE TABLE alert_groups (
    source TEXT NOT NULL,
    group_key TEXT NOT NULL,
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    PRIMARY KEY (source, group_key)
  );
  -- Secrets every node must share (the session key, a generated API token).
  CREATE TABLE secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
];
