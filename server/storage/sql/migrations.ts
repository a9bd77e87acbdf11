/**
 * The schema, written once for both engines (issue 16: the two copies had drifted). Each
 * migration is portable SQL with the few type differences spelled as tokens; it runs once, in
 * order, inside a transaction, and the number applied is the schema version `/api/health`
 * reports. A later change appends a migration here; it never edits one that has shipped.
 *
 * The history is SQLite's (data folders upgrade in place from any earlier version); a fresh
 * PostgreSQL database replays it too. PostgreSQL databases made before issue 16 had a schema of
 * their own, recorded as version 1 in `schema_version`: `adoptLegacy` brings them onto this one.
 */
import type { Dialect } from './SqlDatabase.ts';

/** What differs between the engines' DDL. */
interface Types {
  /** A 64-bit integer: timestamps (ms), sequence numbers, sizes. */
  int: string;
  bytes: string;
  /** An integer primary key the engine numbers itself, never reusing a number. */
  serialKey: string;
}

const TYPES: Record<Dialect, Types> = {
  sqlite: { int: 'INTEGER', bytes: 'BLOB', serialKey: 'INTEGER PRIMARY KEY AUTOINCREMENT' },
  postgres: { int: 'BIGINT', bytes: 'BYTEA', serialKey: 'BIGSERIAL PRIMARY KEY' },
};

/** A migration: SQL from the engine's types, or one text per engine where a type token is not enough. */
type Migration = ((t: Types) => string) | Record<Dialect, string>;

const MIGRATIONS: readonly Migration[] = [
  (t) => `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at ${t.int} NOT NULL
  );
  CREATE TABLE incidents (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    severity TEXT NOT NULL,
    status TEXT NOT NULL,
    service TEXT,
    commander_id TEXT,
    commander_name TEXT,
    created_at ${t.int} NOT NULL,
    acknowledged_at ${t.int},
    resolved_at ${t.int}
  );
  CREATE INDEX incidents_created ON incidents (created_at DESC);
  CREATE TABLE tokens (
    id TEXT PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    access TEXT NOT NULL CHECK (access IN ('responder', 'stakeholder', 'invite')),
    name TEXT NOT NULL,
    user_id TEXT REFERENCES users (id),
    incident_id TEXT REFERENCES incidents (id),
    created_at ${t.int} NOT NULL,
    expires_at ${t.int},
    revoked_at ${t.int}
  );
  CREATE INDEX tokens_incident ON tokens (incident_id);
  -- The update log: every Yjs update as stored before it was relayed, with who sent it and when.
  CREATE TABLE doc_updates (
    seq ${t.serialKey},
    doc TEXT NOT NULL,
    data ${t.bytes} NOT NULL,
    author TEXT NOT NULL,
    received_at ${t.int} NOT NULL
  );
  CREATE INDEX doc_updates_doc ON doc_updates (doc, seq);
  CREATE TABLE audit (
    id ${t.serialKey},
    at ${t.int} NOT NULL,
    user_id TEXT,
    action TEXT NOT NULL,
    target TEXT,
    detail TEXT
  );
  `,
  (t) => `
  -- Compaction: the merged state of a document up to a log position. Loading reads the latest
  -- snapshot and the updates after it; the log itself is kept whole for replay and audit.
  CREATE TABLE doc_snapshots (
    doc TEXT PRIMARY KEY,
    upto_seq ${t.int} NOT NULL,
    data ${t.bytes} NOT NULL,
    created_at ${t.int} NOT NULL
  );
  `,
  (t) => `
  CREATE TABLE services (
    service TEXT PRIMARY KEY,
    roster TEXT NOT NULL,
    updated_at ${t.int} NOT NULL
  );
  -- Timers that must survive restarts and fire once: claimed by setting fired_at atomically.
  CREATE TABLE timers (
    id ${t.serialKey},
    kind TEXT NOT NULL,
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    due_at ${t.int} NOT NULL,
    fired_at ${t.int},
    cancelled_at ${t.int}
  );
  CREATE INDEX timers_pending ON timers (due_at) WHERE fired_at IS NULL AND cancelled_at IS NULL;
  -- Alert notifications already handled (a retried delivery changes nothing), and which open
  -- incident each alert group feeds.
  CREATE TABLE alert_deliveries (
    digest TEXT PRIMARY KEY,
    incident_id TEXT NOT NULL,
    received_at ${t.int} NOT NULL
  );
  CREATE TABLE alert_groups (
    source TEXT NOT NULL,
    group_key TEXT NOT NULL,
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    PRIMARY KEY (source, group_key)
  );
  `,
  (t) => `
  -- Each document numbers its updates 1, 2, 3, … under a row lock on its head, so a node can
  -- tell from a relayed update's number whether it missed any, and fetch exactly those.
  ALTER TABLE doc_updates ADD COLUMN doc_seq ${t.int};
  UPDATE doc_updates SET doc_seq = (SELECT COUNT(*) FROM doc_updates d WHERE d.doc = doc_updates.doc AND d.seq <= doc_updates.seq);
  CREATE UNIQUE INDEX doc_updates_doc_seq ON doc_updates (doc, doc_seq);
  DROP INDEX doc_updates_doc;
  CREATE TABLE doc_heads (
    doc TEXT PRIMARY KEY,
    seq ${t.int} NOT NULL
  );
  INSERT INTO doc_heads (doc, seq) SELECT doc, MAX(doc_seq) FROM doc_updates GROUP BY doc;
  UPDATE doc_snapshots SET upto_seq = COALESCE((SELECT doc_seq FROM doc_updates WHERE seq = doc_snapshots.upto_seq), 0);
  `,
  {
    // doc_seq was added nullable above; every row has one since. SQLite cannot tighten a column,
    // so it rebuilds the table (the documented procedure: new table, copy, drop, rename).
    sqlite: `
    CREATE TABLE doc_updates_rebuilt (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      doc TEXT NOT NULL,
      data BLOB NOT NULL,
      author TEXT NOT NULL,
      received_at INTEGER NOT NULL,
      doc_seq INTEGER NOT NULL
    );
    INSERT INTO doc_updates_rebuilt (seq, doc, data, author, received_at, doc_seq)
      SELECT seq, doc, data, author, received_at, doc_seq FROM doc_updates;
    DROP TABLE doc_updates;
    ALTER TABLE doc_updates_rebuilt RENAME TO doc_updates;
    CREATE UNIQUE INDEX doc_updates_doc_seq ON doc_updates (doc, doc_seq);
    `,
    postgres: 'ALTER TABLE doc_updates ALTER COLUMN doc_seq SET NOT NULL;',
  },
  () => `
  -- Secrets every node of a cluster shares (the session key, a generated API token).
  CREATE TABLE secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  (t) => `
  -- The total size of each document's stored updates, kept by every append in the statement
  -- that numbers them, so a document's stored size can be bounded without reading its log.
  ALTER TABLE doc_heads ADD COLUMN bytes ${t.int} NOT NULL DEFAULT 0;
  UPDATE doc_heads SET bytes = COALESCE((SELECT SUM(LENGTH(data)) FROM doc_updates WHERE doc_updates.doc = doc_heads.doc), 0);
  `,
  (t) => `
  -- Browser sessions as records (issue 11): signing out revokes one, so a copied cookie stops
  -- working. Only a SHA-256 of the cookie's secret is kept.
  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at ${t.int} NOT NULL,
    expires_at ${t.int} NOT NULL,
    revoked_at ${t.int},
    user_agent TEXT NOT NULL
  );
  CREATE INDEX sessions_user ON sessions (user_id, created_at);
  `,
  (t) => `
  -- Real identity (issue 13): an account from an OpenID provider is one row per issuer and
  -- subject, whatever device signs in; invite accounts have neither. Admins come from the
  -- provider's groups at each sign-in. A deactivated person has no sessions and no access.
  ALTER TABLE users ADD COLUMN issuer TEXT;
  ALTER TABLE users ADD COLUMN subject TEXT;
  ALTER TABLE users ADD COLUMN email TEXT;
  ALTER TABLE users ADD COLUMN admin ${t.int} NOT NULL DEFAULT 0;
  ALTER TABLE users ADD COLUMN last_sign_in_at ${t.int};
  ALTER TABLE users ADD COLUMN deactivated_at ${t.int};
  CREATE UNIQUE INDEX users_identity ON users (issuer, subject) WHERE issuer IS NOT NULL;
  -- A sign-in in flight at the provider: what the callback must find again (state, nonce, PKCE).
  CREATE TABLE oidc_logins (
    state TEXT PRIMARY KEY,
    nonce TEXT NOT NULL,
    code_verifier TEXT NOT NULL,
    return_to TEXT NOT NULL,
    created_at ${t.int} NOT NULL
  );
  -- One-time links a signed-in person opens on another device to sign in there as themselves.
  CREATE TABLE device_links (
    id TEXT PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at ${t.int} NOT NULL,
    expires_at ${t.int} NOT NULL,
    used_at ${t.int}
  );
  -- Private incidents: only members (and admins) see them, at every door.
  ALTER TABLE incidents ADD COLUMN private ${t.int} NOT NULL DEFAULT 0;
  CREATE TABLE incident_members (
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    added_by TEXT NOT NULL,
    added_at ${t.int} NOT NULL,
    PRIMARY KEY (incident_id, user_id)
  );
  CREATE INDEX incident_members_user ON incident_members (user_id);
  `,
  (t) => `
  -- The dead man's switch (issue 16): when the alert pipeline last said it is alive, and the
  -- incident its latest silence raised. Setting missed_at is the claim that makes one silence
  -- raise one incident in a cluster, as fired_at does for a timer.
  CREATE TABLE heartbeats (
    name TEXT PRIMARY KEY,
    last_at ${t.int} NOT NULL,
    last_source TEXT NOT NULL,
    missed_at ${t.int},
    incident_id TEXT REFERENCES incidents (id)
  );
  `,
  (t) => `
  -- One durable outbox (issue 14, DESIGN "doors in, outbox out"): every message that leaves the
  -- server is a row first, delivered by a worker with retries and backoff, in order per target.
  -- A worker leases a row (claimed_until) so one node delivers it; delivered_at or failed_at end it.
  CREATE TABLE outbox (
    id ${t.serialKey},
    channel TEXT NOT NULL,
    target TEXT NOT NULL,
    incident_id TEXT REFERENCES incidents (id),
    event_type TEXT,
    payload TEXT NOT NULL,
    created_at ${t.int} NOT NULL,
    due_at ${t.int} NOT NULL,
    attempts ${t.int} NOT NULL DEFAULT 0,
    claimed_until ${t.int},
    delivered_at ${t.int},
    failed_at ${t.int},
    last_status ${t.int},
    last_error TEXT
  );
  CREATE INDEX outbox_pending ON outbox (target, id) WHERE delivered_at IS NULL AND failed_at IS NULL;
  CREATE INDEX outbox_incident ON outbox (incident_id);
  CREATE INDEX outbox_target ON outbox (target, id);
  -- Signed event webhooks: where timeline events of the chosen types are delivered, signed with
  -- the subscription's secret (HMAC-SHA256).
  CREATE TABLE webhooks (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    events TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at ${t.int} NOT NULL,
    disabled_at ${t.int}
  );
  `,
  (t) => `
  -- Chat doors (issue 14). Who a chat user is here: their linked account, or until they link one
  -- a guest account ("Ana (Slack)", issuer 'chat:<tool>:<workspace>') that merges into it.
  CREATE TABLE chat_identities (
    tool TEXT NOT NULL,
    workspace TEXT NOT NULL,
    chat_user TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    linked_at ${t.int},
    PRIMARY KEY (tool, workspace, chat_user)
  );
  -- One-time links the bot sends a chat user; opened while signed in, they link the account.
  CREATE TABLE chat_link_requests (
    token_hash TEXT PRIMARY KEY,
    tool TEXT NOT NULL,
    workspace TEXT NOT NULL,
    chat_user TEXT NOT NULL,
    chat_name TEXT NOT NULL,
    created_at ${t.int} NOT NULL,
    expires_at ${t.int} NOT NULL,
    used_at ${t.int}
  );
  -- Where an incident is discussed in a chat tool: a thread in the announcement channel (thread is
  -- its root message) or a channel of its own (thread is null).
  CREATE TABLE chat_threads (
    tool TEXT NOT NULL,
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    channel TEXT NOT NULL,
    thread TEXT,
    created_at ${t.int} NOT NULL,
    PRIMARY KEY (tool, incident_id)
  );
  CREATE INDEX chat_threads_channel ON chat_threads (tool, channel, thread);
  -- Requests a chat tool sends more than once (Slack retries events): each is acted on once. A
  -- claim without done_at that is old is taken again (the node handling it died).
  CREATE TABLE chat_requests_seen (
    tool TEXT NOT NULL,
    request_id TEXT NOT NULL,
    claimed_at ${t.int} NOT NULL,
    done_at ${t.int},
    PRIMARY KEY (tool, request_id)
  );
  -- A guest account that was merged into a real one when its chat user linked it.
  ALTER TABLE users ADD COLUMN merged_into TEXT;
  `,
  (t) => `
  -- The incident model (issue 17): every rule reads a status's category, never its name; the
  -- incident's type; its custom field values (JSON), all of them, public or not.
  ALTER TABLE incidents ADD COLUMN status_category TEXT NOT NULL DEFAULT 'active';
  UPDATE incidents SET status_category = CASE status WHEN 'investigating' THEN 'triage' WHEN 'monitoring' THEN 'mitigated'
    WHEN 'resolved' THEN 'resolved' ELSE 'active' END;
  ALTER TABLE incidents ADD COLUMN incident_type TEXT NOT NULL DEFAULT 'default';
  ALTER TABLE incidents ADD COLUMN field_values TEXT NOT NULL DEFAULT '{}';
  -- When it was first mitigated or resolved, for the time to mitigate.
  ALTER TABLE incidents ADD COLUMN mitigated_at ${t.int};
  UPDATE incidents SET mitigated_at = resolved_at;
  `,
  (t) => `
  -- On-call schedules (issue 18). Layers are JSON, validated on the way in (as the roster is).
  CREATE TABLE schedules (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    layers TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at ${t.int} NOT NULL,
    updated_at ${t.int} NOT NULL
  );
  -- Someone covers from starts_at to ends_at. seq orders them: the newest wins where two overlap.
  -- A swap is two rows sharing swap_id; an import keeps the event's id to replace it on re-import.
  CREATE TABLE schedule_overrides (
    seq ${t.serialKey},
    id TEXT NOT NULL UNIQUE,
    schedule_id TEXT NOT NULL REFERENCES schedules (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    starts_at ${t.int} NOT NULL,
    ends_at ${t.int} NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('override', 'swap', 'import')),
    swap_id TEXT,
    covers_user_id TEXT REFERENCES users (id),
    external_id TEXT,
    created_by TEXT NOT NULL,
    created_at ${t.int} NOT NULL
  );
  CREATE INDEX schedule_overrides_range ON schedule_overrides (schedule_id, ends_at);
  CREATE UNIQUE INDEX schedule_overrides_external ON schedule_overrides (schedule_id, external_id) WHERE external_id IS NOT NULL;
  -- Each person's private calendar link: only a SHA-256 of its secret, at most one live per person.
  CREATE TABLE calendar_links (
    id TEXT PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at ${t.int} NOT NULL,
    revoked_at ${t.int}
  );
  CREATE UNIQUE INDEX calendar_links_live ON calendar_links (user_id) WHERE revoked_at IS NULL;
  `,
  (t) => `
  -- Notifications (issue 18). Several timers of one kind for one incident (each rule of each
  -- page) are told apart by their subject; the lifecycle's timers have none.
  ALTER TABLE timers ADD COLUMN subject TEXT;
  -- How a person is reached beyond their open tabs: email now; SMS and voice numbers are kept.
  -- seq keeps the order they were added in: a person's "first email" is the first they added.
  CREATE TABLE contact_methods (
    seq ${t.serialKey},
    id TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users (id),
    type TEXT NOT NULL,
    address TEXT NOT NULL,
    created_at ${t.int} NOT NULL,
    created_by TEXT NOT NULL
  );
  CREATE INDEX contact_methods_user ON contact_methods (user_id, seq);
  -- A person's notification rules, as JSON (shared/notifications.ts, NotificationRules).
  CREATE TABLE notification_rules (
    user_id TEXT PRIMARY KEY REFERENCES users (id),
    rules TEXT NOT NULL,
    updated_at ${t.int} NOT NULL
  );
  -- The rules a page of a person follows, fixed when they were paged.
  CREATE TABLE notification_plans (
    page_id TEXT PRIMARY KEY,
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    user_id TEXT NOT NULL,
    user_name TEXT NOT NULL,
    steps TEXT NOT NULL,
    created_at ${t.int} NOT NULL
  );
  -- One-time acknowledge links sent by email: only a SHA-256 of the secret is kept.
  CREATE TABLE page_links (
    hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    page_id TEXT NOT NULL,
    created_at ${t.int} NOT NULL,
    expires_at ${t.int} NOT NULL,
    used_at ${t.int}
  );
  `,
  (t) => `
  -- Escalation policies (issue 18). Steps are JSON, validated on the way in (as schedule layers
  -- are); services name a policy in their roster.
  CREATE TABLE escalation_policies (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    steps TEXT NOT NULL,
    repeats ${t.int} NOT NULL,
    created_by TEXT NOT NULL,
    created_at ${t.int} NOT NULL,
    updated_at ${t.int} NOT NULL
  );
  `,
  (t) => `
  -- SMS and voice (issue 19). Which page each text and call was for, by Twilio's SID, once Twilio
  -- took it: a reply from the number, or a key press during the call, acknowledges that page.
  CREATE TABLE phone_pages (
    seq ${t.serialKey},
    sid TEXT NOT NULL UNIQUE,
    channel TEXT NOT NULL,
    address TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    page_id TEXT NOT NULL,
    sent_at ${t.int} NOT NULL
  );
  CREATE INDEX phone_pages_address ON phone_pages (address, channel, user_id, seq);
  -- Twilio's requests acted on already: its signatures carry no time, so a replay acts once.
  CREATE TABLE phone_requests_seen (
    sid TEXT PRIMARY KEY,
    at ${t.int} NOT NULL
  );
  -- A reply names a number, not a person: whose number it is is looked up.
  CREATE INDEX contact_methods_address ON contact_methods (type, address);
  `,
  (t) => `
  -- PagerDuty Events API v2 routing keys (issue 19): only a SHA-256 of each key, and the roster
  -- service whose alerts it sends.
  CREATE TABLE alert_routing_keys (
    id TEXT PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    service TEXT NOT NULL,
    name TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at ${t.int} NOT NULL,
    revoked_at ${t.int}
  );
  -- What the sender last said of a group's alert (firing, acknowledged, resolved): a PagerDuty
  -- trigger for an alert still open is a duplicate.
  ALTER TABLE alert_groups ADD COLUMN status TEXT;
  -- Silences (maintenance windows) per service: alerts inside open no incident and page nobody.
  CREATE TABLE silences (
    id TEXT PRIMARY KEY,
    service TEXT NOT NULL,
    starts_at ${t.int} NOT NULL,
    ends_at ${t.int} NOT NULL,
    reason TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at ${t.int} NOT NULL,
    ended_early_at ${t.int},
    ended_early_by TEXT,
    alerts_held ${t.int} NOT NULL DEFAULT 0
  );
  CREATE INDEX silences_service ON silences (service, ends_at);
  -- The deliveries a silence held back (the first SilenceLimits.alertsKept; the rest are counted).
  CREATE TABLE silenced_alerts (
    seq ${t.serialKey},
    silence_id TEXT NOT NULL REFERENCES silences (id),
    digest TEXT NOT NULL,
    source TEXT NOT NULL,
    status TEXT NOT NULL,
    private ${t.int} NOT NULL,
    title TEXT NOT NULL,
    severity TEXT NOT NULL,
    alerts TEXT NOT NULL,
    received_at ${t.int} NOT NULL,
    UNIQUE (silence_id, digest)
  );
  `,
  (t) => `
  -- Test pages (issue 19): each person's opt-in weekly test page to their phone numbers, with
  -- when the next is due (claimed by moving next_at on), and the log of test pages each person
  -- was sent (a schedule's team, or weekly) with the outbox rows that carried them.
  CREATE TABLE weekly_test_pages (
    user_id TEXT PRIMARY KEY REFERENCES users (id),
    weekday TEXT NOT NULL,
    local_time TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    next_at ${t.int} NOT NULL,
    last_sent_at ${t.int},
    updated_at ${t.int} NOT NULL
  );
  CREATE INDEX weekly_test_pages_due ON weekly_test_pages (next_at);
  CREATE TABLE test_pages (
    seq ${t.serialKey},
    user_id TEXT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL CHECK (kind IN ('team', 'weekly')),
    schedule_id TEXT,
    sent_by TEXT,
    sent_at ${t.int} NOT NULL,
    results TEXT NOT NULL
  );
  CREATE INDEX test_pages_user ON test_pages (user_id, seq);
  `,
  (t) => `
  -- Pages without a room (issue 19): a low-urgency alert pages its service's on-call person and
  -- opens no incident. One live (open or acknowledged) page per alert group. The rules it
  -- follows are fixed when it pages (steps, JSON); the next one falls due at next_due_at, which
  -- every node's timer poll looks at, and claiming it moves next_step on, so it fires once.
  CREATE TABLE roomless_pages (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    group_key TEXT NOT NULL,
    title TEXT NOT NULL,
    severity TEXT NOT NULL,
    service TEXT,
    urgency TEXT NOT NULL,
    private ${t.int} NOT NULL,
    alert TEXT NOT NULL,
    target_id TEXT REFERENCES users (id),
    target_name TEXT,
    status TEXT NOT NULL,
    created_at ${t.int} NOT NULL,
    acknowledged_at ${t.int},
    acknowledged_by TEXT,
    acknowledged_by_name TEXT,
    resolved_at ${t.int},
    incident_id TEXT REFERENCES incidents (id),
    steps TEXT NOT NULL,
    next_step ${t.int} NOT NULL,
    next_due_at ${t.int},
    attempts TEXT NOT NULL
  );
  CREATE UNIQUE INDEX roomless_pages_live ON roomless_pages (source, group_key) WHERE status IN ('open', 'acknowledged');
  CREATE INDEX roomless_pages_due ON roomless_pages (next_due_at) WHERE status = 'open';
  CREATE INDEX roomless_pages_created ON roomless_pages (created_at);
  `,
  {
    // A page's email link, text or call may be for a page without a room: no incident then.
    // SQLite cannot drop a NOT NULL, so it copies the two tables (same columns, keys, indexes).
    sqlite: `
    CREATE TABLE page_links_next (
      hash TEXT PRIMARY KEY,
      user_id TEXT NOT NULL REFERENCES users (id),
      incident_id TEXT REFERENCES incidents (id),
      page_id TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      used_at INTEGER
    );
    INSERT INTO page_links_next SELECT hash, user_id, incident_id, page_id, created_at, expires_at, used_at FROM page_links;
    DROP TABLE page_links;
    ALTER TABLE page_links_next RENAME TO page_links;
    CREATE TABLE phone_pages_next (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      sid TEXT NOT NULL UNIQUE,
      channel TEXT NOT NULL,
      address TEXT NOT NULL,
      user_id TEXT NOT NULL REFERENCES users (id),
      incident_id TEXT REFERENCES incidents (id),
      page_id TEXT NOT NULL,
      sent_at INTEGER NOT NULL
    );
    INSERT INTO phone_pages_next SELECT seq, sid, channel, address, user_id, incident_id, page_id, sent_at FROM phone_pages;
    DROP TABLE phone_pages;
    ALTER TABLE phone_pages_next RENAME TO phone_pages;
    CREATE INDEX phone_pages_address ON phone_pages (address, channel, user_id, seq);
    `,
    postgres: `
    ALTER TABLE page_links ALTER COLUMN incident_id DROP NOT NULL;
    ALTER TABLE phone_pages ALTER COLUMN incident_id DROP NOT NULL;
    `,
  },
  (t) => `
  -- The public status page (issue 21). Its incidents as the page shows them, kept from each
  -- incident's state document as its events are recorded: the page reads no document.
  CREATE TABLE status_page_incidents (
    incident_id TEXT PRIMARY KEY,
    on_page ${t.int} NOT NULL,
    private ${t.int} NOT NULL,
    title TEXT NOT NULL,
    service TEXT,
    impact TEXT NOT NULL,
    worst_impact TEXT NOT NULL,
    status_category TEXT NOT NULL,
    created_at ${t.int} NOT NULL,
    resolved_at ${t.int},
    updated_at ${t.int} NOT NULL
  );
  CREATE INDEX status_page_incidents_shown ON status_page_incidents (on_page, private, resolved_at);
  -- Updates written for the page, apart from stakeholder updates.
  CREATE TABLE status_updates (
    id TEXT PRIMARY KEY,
    incident_id TEXT NOT NULL,
    status TEXT NOT NULL,
    body TEXT NOT NULL,
    author_id TEXT NOT NULL,
    created_at ${t.int} NOT NULL
  );
  CREATE INDEX status_updates_incident ON status_updates (incident_id, created_at);
  CREATE INDEX status_updates_created ON status_updates (created_at);
  -- A component's state set by hand, until cleared.
  CREATE TABLE status_page_overrides (
    service TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    set_by TEXT NOT NULL,
    set_at ${t.int} NOT NULL
  );
  -- Counts changes of what the page shows, so every node knows when its cached page is stale.
  CREATE TABLE status_page_version (
    id ${t.int} PRIMARY KEY,
    version ${t.int} NOT NULL
  );
  INSERT INTO status_page_version (id, version) VALUES (1, 0);
  -- Email and webhook subscribers; an email address receives updates once it confirmed.
  CREATE TABLE status_subscribers (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    address TEXT NOT NULL,
    confirmed_at ${t.int},
    created_at ${t.int} NOT NULL,
    UNIQUE (kind, address)
  );
  `,
  (t) => `
  -- Follow-ups (issue 21): server-owned, so a list across incidents is one query and a tracker's
  -- status (kept from its webhooks) is server state.
  CREATE TABLE follow_ups (
    id TEXT PRIMARY KEY,
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    action_id TEXT,
    title TEXT NOT NULL,
    owner_id TEXT,
    due_date TEXT,
    priority TEXT NOT NULL,
    after_incident ${t.int} NOT NULL DEFAULT 1,
    status TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at ${t.int} NOT NULL,
    updated_at ${t.int} NOT NULL,
    tracker_kind TEXT,
    tracker_key TEXT,
    tracker_url TEXT,
    tracker_state TEXT,
    tracker_error TEXT
  );
  CREATE INDEX follow_ups_incident ON follow_ups (incident_id, created_at);
  CREATE INDEX follow_ups_due ON follow_ups (status, due_date);
  CREATE INDEX follow_ups_tracker ON follow_ups (tracker_kind, tracker_key);
  `,
  (t) => `
  -- Postmortem reviews (issue 20): the review of each incident's postmortem (draft, in review,
  -- published), mirrored into the document's review root, and comments on its passages.
  CREATE TABLE postmortem_reviews (
    incident_id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    reviewers TEXT NOT NULL,
    updated_at ${t.int} NOT NULL,
    published_by TEXT,
    published_at ${t.int}
  );
  CREATE INDEX postmortem_reviews_published ON postmortem_reviews (state, published_at);
  CREATE TABLE postmortem_comments (
    id TEXT PRIMARY KEY,
    incident_id TEXT NOT NULL,
    at ${t.int} NOT NULL,
    author_id TEXT NOT NULL,
    author_name TEXT NOT NULL,
    section TEXT NOT NULL,
    quote TEXT,
    text TEXT NOT NULL
  );
  CREATE INDEX postmortem_comments_incident ON postmortem_comments (incident_id, at);
  `,
  (t) => `
  -- Practice incidents (issue 22): flagged so metrics leave them out; each replays a resolved
  -- incident's update log at a speed, one durable timer per batch, from the cursor kept here.
  ALTER TABLE incidents ADD COLUMN practice ${t.int} NOT NULL DEFAULT 0;
  CREATE TABLE practice_runs (
    practice_id TEXT PRIMARY KEY REFERENCES incidents (id),
    source_id TEXT NOT NULL REFERENCES incidents (id),
    speed ${t.int} NOT NULL,
    from_at ${t.int} NOT NULL,
    started_at ${t.int} NOT NULL,
    state_seq ${t.int} NOT NULL DEFAULT 0,
    responder_seq ${t.int} NOT NULL DEFAULT 0,
    title TEXT NOT NULL,
    started_by TEXT NOT NULL,
    stopped_at ${t.int},
    finished_at ${t.int}
  );
  `,
  (t) => `
  -- The impact window of a published postmortem (issue 20), copied from its document when it is
  -- published, so the metrics read time to detect and duration of impact without loading documents.
  ALTER TABLE incidents ADD COLUMN impact_started_at ${t.int};
  ALTER TABLE incidents ADD COLUMN impact_detected_at ${t.int};
  ALTER TABLE incidents ADD COLUMN impact_mitigated_at ${t.int};
  ALTER TABLE incidents ADD COLUMN impact_resolved_at ${t.int};
  `,
  (t) => `
  -- Named reviewers' decisions on a postmortem in review (issue 20): each reviewer's latest,
  -- approved or changes requested with what to change; publishing waits for an approval.
  CREATE TABLE postmortem_decisions (
    incident_id TEXT NOT NULL,
    reviewer_id TEXT NOT NULL,
    decision TEXT NOT NULL,
    note TEXT,
    decided_at ${t.int} NOT NULL,
    PRIMARY KEY (incident_id, reviewer_id)
  );
  `,
];

/** The version a database has once every migration ran. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Where the number of applied migrations is kept, on both engines. */
export const VERSION_TABLE = 'schema_migrations';
/** Where it was kept before issue 16, with a numbering of each engine's own. */
export const LEGACY_VERSION_TABLE = 'schema_version';

export interface MigrationStep {
  sql: string;
  /** The version to record once `sql` committed. */
  version: number;
}

function render(dialect: Dialect, migration: Migration): string {
  return typeof migration === 'function' ? migration(TYPES[dialect]) : migration[dialect];
}

/**
 * The step that moves a database recorded in the legacy version table onto this numbering and
 * drops that table. SQLite's numbering is this one's. PostgreSQL's version 1 is the schema of
 * migration 6 here, except that its (doc, doc_seq) index was a constraint of another name.
 */
function adoptLegacy(dialect: Dialect, legacyVersion: number): MigrationStep {
  const drop = `DROP TABLE ${LEGACY_VERSION_TABLE};`;
  if (dialect === 'sqlite' || legacyVersion === 0) return { sql: drop, version: legacyVersion };
  if (legacyVersion !== 1) throw new Error(`unknown PostgreSQL schema version ${legacyVersion} in ${LEGACY_VERSION_TABLE}`);
  return {
    sql: `
    ALTER TABLE doc_updates DROP CONSTRAINT doc_updates_doc_doc_seq_key;
    CREATE UNIQUE INDEX doc_updates_doc_seq ON doc_updates (doc, doc_seq);
    ${drop}`,
    version: 6,
  };
}

/**
 * What a database still needs, in order: `legacy` is the version in the legacy table if the
 * database still has one (0 if empty), else null; `recorded` the version in VERSION_TABLE.
 */
export function migrationPlan(dialect: Dialect, legacy: number | null, recorded: number): MigrationStep[] {
  const adopt = legacy === null ? null : adoptLegacy(dialect, legacy);
  const from = adopt?.version ?? recorded;
  const pending = MIGRATIONS.slice(from).map((m, i) => ({ sql: render(dialect, m), version: from + i + 1 }));
  return adopt ? [adopt, ...pending] : pending;
}
