/**
 * One-time links a signed-in person opens on another device to sign in there as themselves,
 * instead of joining again under a second name (issue 13). Only a SHA-256 of the secret is
 * stored; a link works once, for DEVICE_LINK_TTL_MS.
 */
import { randomBytes } from 'node:crypto';
import type { SqlDatabase } from './sql/SqlDatabase.ts';
import { hashSecret } from './tokens.ts';
import { newId } from '../ids.ts';

/** Long enough to pick up a phone and open the link; short enough that a forgotten one is dead. */
export const DEVICE_LINK_TTL_MS = 10 * 60 * 1000;

export type DeviceLinkUse = { userId: string } | { refused: 'unknown' | 'used' | 'expired' };

export class DeviceLinks {
  constructor(private readonly db: SqlDatabase) {}

  async create(userId: string, now: number): Promise<{ secret: string; expiresAt: number }> {
    const secret = 'ird_' + randomBytes(24).toString('base64url');
    const expiresAt = now + DEVICE_LINK_TTL_MS;
    await this.db.run('INSERT INTO device_links (id, hash, user_id, created_at, expires_at, used_at) VALUES (?, ?, ?, ?, ?, NULL)', [
      newId('dev'),
      hashSecret(secret),
      userId,
      now,
      expiresAt,
    ]);
    return { secret, expiresAt };
  }

  /** Spends a link: the conditional update lets exactly one of two racing openers through. */
  async use(secret: string, now: number): Promise<DeviceLinkUse> {
    const hash = hashSecret(secret);
    const row = await this.db.get<{ user_id: string; expires_at: number; used_at: number | null }>(
      'SELECT user_id, expires_at, used_at FROM device_links WHERE hash = ?',
      [hash],
    );
    if (!row) return { refused: 'unknown' };
    if (row.used_at !== null) return { refused: 'used' };
    if (row.expires_at <= now) return { refused: 'expired' };
    const spent = await this.db.run('UPDATE device_links SET used_at = ? WHERE hash = ? AND used_at IS NULL', [now, hash]);
    return spent > 0 ? { userId: row.user_id } : { refused: 'used' };
  }
}
