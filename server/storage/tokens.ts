/**
 * Bearer tokens for responders, stakeholders and invites. Only a SHA-256 of each secret is
 * stored, so a copy of the database does not grant access.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { TokenInfo } from '../../shared/api.ts';
import type { Database } from './database.ts';
import { newId } from '../ids.ts';

export type TokenAccess = TokenInfo['access'];

export interface TokenRecord extends TokenInfo {
  userId: string | null;
}

interface Row {
  id: string;
  access: TokenAccess;
  name: string;
  user_id: string | null;
  incident_id: string | null;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
}

const toRecord = (r: Row): TokenRecord => ({
  id: r.id,
  access: r.access,
  name: r.name,
  userId: r.user_id,
  incidentId: r.incident_id,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
});

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Secrets carry a prefix so secret scanners and people recognise them. */
export function newSecret(): string {
  return 'irt_' + randomBytes(24).toString('base64url');
}

export class Tokens {
  // Prepared once: every websocket connect looks a token up.
  private readonly bySecret;

  constructor(private readonly db: Database) {
    this.bySecret = db.sql.prepare('SELECT * FROM tokens WHERE hash = ?');
  }

  create(input: {
    access: TokenAccess;
    name: string;
    userId: string | null;
    incidentId: string | null;
    now: number;
    expiresAt: number | null;
  }): { secret: string; record: TokenRecord } {
    const secret = newSecret();
    const row: Row = {
      id: newId('tok'),
      access: input.access,
      name: input.name,
      user_id: input.userId,
      incident_id: input.incidentId,
      created_at: input.now,
      expires_at: input.expiresAt,
      revoked_at: null,
    };
    this.db.sql
      .prepare(
        `INSERT INTO tokens (id, hash, access, name, user_id, incident_id, created_at, expires_at, revoked_at)
         VALUES (@id, @hash, @access, @name, @user_id, @incident_id, @created_at, @expires_at, @revoked_at)`,
      )
      .run({ ...row, hash: hashSecret(secret) });
    return { secret, record: toRecord(row) };
  }

  findBySecret(secret: string): TokenRecord | undefined {
    const row = this.bySecret.get(hashSecret(secret)) as Row | undefined;
    return row && toRecord(row);
  }

  get(id: string): TokenRecord | undefined {
    const row = this.db.sql.prepare('SELECT * FROM tokens WHERE id = ?').get(id) as Row | undefined;
    return row && toRecord(row);
  }

  listForIncident(incidentId: string): TokenRecord[] {
    const rows = this.db.sql.prepare('SELECT * FROM tokens WHERE incident_id = ? ORDER BY created_at').all(incidentId) as Row[];
    return rows.map(toRecord);
  }

  hasInvite(): boolean {
    return this.db.sql.prepare("SELECT 1 FROM tokens WHERE access = 'invite' LIMIT 1").get() !== undefined;
  }

  revoke(id: string, now: number): boolean {
    return this.db.sql.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, id).changes > 0;
  }
}
