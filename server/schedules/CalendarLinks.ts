/**
 * Each person's private calendar link: a secret in the URL that calendar apps fetch without a
 * session. Only a SHA-256 of it is stored; a person has at most one live link (making a new one
 * revokes the old), and a deactivated person's link stops answering.
 */
import { randomBytes } from 'node:crypto';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';
import { hashSecret } from '../storage/tokens.ts';
import { newId } from '../ids.ts';

export interface CalendarLinkRecord {
  id: string;
  userId: string;
  createdAt: number;
}

interface Row {
  id: string;
  user_id: string;
  created_at: number;
}

const toRecord = (r: Row): CalendarLinkRecord => ({ id: r.id, userId: r.user_id, createdAt: Number(r.created_at) });

export class CalendarLinks {
  constructor(private readonly db: SqlDatabase) {}

  create(userId: string, now: number): Promise<{ secret: string; record: CalendarLinkRecord }> {
    return this.db.transaction(async () => {
      await this.db.lock('calendar-links');
      await this.db.run('UPDATE calendar_links SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL', [now, userId]);
      const secret = 'irc_' + randomBytes(24).toString('base64url');
      const record = { id: newId('cal'), userId, createdAt: now };
      await this.db.run('INSERT INTO calendar_links (id, hash, user_id, created_at, revoked_at) VALUES (?, ?, ?, ?, NULL)', [
        record.id,
        hashSecret(secret),
        userId,
        now,
      ]);
      return { secret, record };
    });
  }

  async live(userId: string): Promise<CalendarLinkRecord | undefined> {
    const row = await this.db.get<Row>('SELECT id, user_id, created_at FROM calendar_links WHERE user_id = ? AND revoked_at IS NULL', [userId]);
    return row && toRecord(row);
  }

  async revoke(userId: string, now: number): Promise<boolean> {
    return (await this.db.run('UPDATE calendar_links SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL', [now, userId])) > 0;
  }

  /** Whose live link this secret is, if any. */
  async ownerOf(secret: string): Promise<string | undefined> {
    const row = await this.db.get<{ user_id: string }>(
      `SELECT calendar_links.user_id FROM calendar_links JOIN users ON users.id = calendar_links.user_id
       WHERE calendar_links.hash = ? AND calendar_links.revoked_at IS NULL AND users.deactivated_at IS NULL`,
      [hashSecret(secret)],
    );
    return row?.user_id;
  }
}
