/**
 * Browser sessions as server-side records: the cookie holds a random secret, the database its
 * SHA-256, when it expires and whether it was revoked. Signing out revokes the record, so a
 * copied cookie stops working at once (issue 11), and a person can see and end their sessions.
 */
import type { SessionRecord } from '../../shared/api.ts';
import type { SqlDatabase } from './sql/SqlDatabase.ts';
import { hashSecret } from './tokens.ts';
import { randomBytes } from 'node:crypto';
import { newId } from '../ids.ts';

interface Row {
  id: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  user_agent: string;
}

const toRecord = (r: Row): SessionRecord => ({
  id: r.id,
  userId: r.user_id,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  userAgent: r.user_agent,
});

/** What a browser may say about itself is kept short: it is shown, never trusted. */
const USER_AGENT_LENGTH = 200;

export class Sessions {
  constructor(private readonly db: SqlDatabase) {}

  async create(input: { userId: string; now: number; ttlMs: number; userAgent: string }): Promise<{ secret: string; record: SessionRecord }> {
    const secret = 'irs_' + randomBytes(24).toString('base64url');
    const row: Row = {
      id: newId('ses'),
      user_id: input.userId,
      created_at: input.now,
      expires_at: input.now + input.ttlMs,
      revoked_at: null,
      user_agent: input.userAgent.slice(0, USER_AGENT_LENGTH),
    };
    await this.db.run('INSERT INTO sessions (id, hash, user_id, created_at, expires_at, revoked_at, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      row.id,
      hashSecret(secret),
      row.user_id,
      row.created_at,
      row.expires_at,
      row.revoked_at,
      row.user_agent,
    ]);
    return { secret, record: toRecord(row) };
  }

  async findBySecret(secret: string): Promise<SessionRecord | undefined> {
    const row = await this.db.get<Row>('SELECT * FROM sessions WHERE hash = ?', [hashSecret(secret)]);
    return row && toRecord(row);
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const row = await this.db.get<Row>('SELECT * FROM sessions WHERE id = ?', [id]);
    return row && toRecord(row);
  }

  /** A person's sessions that are still valid, newest first. */
  async liveForUser(userId: string, now: number): Promise<SessionRecord[]> {
    const rows = await this.db.all<Row>('SELECT * FROM sessions WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY created_at DESC', [
      userId,
      now,
    ]);
    return rows.map(toRecord);
  }

  async revoke(id: string, now: number): Promise<boolean> {
    return (await this.db.run('UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [now, id])) > 0;
  }

  /** Revokes every session of a person (deactivation, issue 13); answers the ids it revoked. */
  revokeAllForUser(userId: string, now: number): Promise<string[]> {
    return this.db.transaction(async () => {
      const rows = await this.db.all<{ id: string }>('SELECT id FROM sessions WHERE user_id = ? AND revoked_at IS NULL', [userId]);
      await this.db.run('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL', [now, userId]);
      return rows.map((r) => r.id);
    });
  }
}
