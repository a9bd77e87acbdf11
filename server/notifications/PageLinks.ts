/**
 * One-time acknowledge links (issue 18): a random secret sent in a page's email, bound to the
 * person paged and the incident (or the page without a room, issue 19), usable once, until it expires. Only its SHA-256 is stored, and
 * it is made at the moment the email is sent, so no row anywhere (the outbox's included) holds
 * a secret that acknowledges.
 */
import { randomBytes } from 'node:crypto';
import { hashSecret } from '../storage/tokens.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';

/** A day: an email read the next morning still works; a link forwarded around dies. */
export const PAGE_LINK_TTL_MS = 24 * 60 * 60 * 1000;

export interface PageLink {
  userId: string;
  /** Null for a page without a room: `pageId` names it. */
  incidentId: string | null;
  pageId: string;
  expiresAt: number;
}

export type PageLinkRefusal = { refused: 'unknown' | 'used' | 'expired' };

interface Row {
  user_id: string;
  incident_id: string | null;
  page_id: string;
  expires_at: number;
  used_at: number | null;
}

export class PageLinks {
  constructor(private readonly db: SqlDatabase) {}

  async create(link: Omit<PageLink, 'expiresAt'>, now: number): Promise<{ secret: string; expiresAt: number }> {
    const secret = 'irp_' + randomBytes(32).toString('base64url');
    const expiresAt = now + PAGE_LINK_TTL_MS;
    await this.db.run('INSERT INTO page_links (hash, user_id, incident_id, page_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)', [
      hashSecret(secret),
      link.userId,
      link.incidentId,
      link.pageId,
      now,
      expiresAt,
    ]);
    return { secret, expiresAt };
  }

  /** What the link is for, without spending it. */
  async inspect(secret: string, now: number): Promise<PageLink | PageLinkRefusal> {
    const row = await this.db.get<Row>('SELECT user_id, incident_id, page_id, expires_at, used_at FROM page_links WHERE hash = ?', [hashSecret(secret)]);
    return verdict(row, now);
  }

  /**
   * Spends the link: of two presses at once, exactly one gets it (the row changes once). Inside the
   * caller's transaction, a refused acknowledgement rolls the spending back with it.
   */
  async use(secret: string, now: number): Promise<PageLink | PageLinkRefusal> {
    const hash = hashSecret(secret);
    const row = await this.db.getLocked<Row>('SELECT user_id, incident_id, page_id, expires_at, used_at FROM page_links WHERE hash = ?', [hash]);
    const found = verdict(row, now);
    if ('refused' in found) return found;
    const spent = await this.db.run('UPDATE page_links SET used_at = ? WHERE hash = ? AND used_at IS NULL', [now, hash]);
    return spent === 1 ? found : { refused: 'used' };
  }
}

function verdict(row: Row | undefined, now: number): PageLink | PageLinkRefusal {
  if (!row) return { refused: 'unknown' };
  if (row.used_at !== null) return { refused: 'used' };
  if (Number(row.expires_at) <= now) return { refused: 'expired' };
  return { userId: row.user_id, incidentId: row.incident_id, pageId: row.page_id, expiresAt: Number(row.expires_at) };
}
