/** Schema changes, applied in order on start. Each entry runs once, inside a transaction. */
export const MIGRATIONS: readonly string[] = [
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
];
