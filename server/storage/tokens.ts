/**
 * Bearer tokens for responders, stakeholders and invites. Only a SHA-256 of each secret is
 * stored, so a copy of the database does not grant access.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { TokenInfo } from '../../shared/api.ts';
import type { SqlDatabase } from './sql/SqlDatabase.ts';
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
  constructor(private readonly db: SqlDatabase) {}

  async create(input: {
    access: TokenAccess;
    name: string;
    userId: string | null;
    incidentId: string | null;
    now: number;
    expiresAt: number | null;
  }): Promise<{ secret: string; record: TokenRecord }> {
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
    await this.db.run(
      `INSERT INTO tokens (id, hash, access, name, user_id, incident_id, created_at, expires_at, revoked_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [row.id, hashSecret(secret), row.access, row.name, row.user_id, row.incident_id, row.created_at, row.expires_at, row.revoked_at],
    );
    return { secret, record: toRecord(row) };
  }

  async findBySecret(secret: string): Promise<TokenRecord | undefined> {
    const row = await this.db.get<Row>('SELECT * FROM tokens WHERE hash = ?', [hashSecret(secret)]);
    return row && toRecord(row);
  }

  async get(id: string): Promise<TokenRecord | undefined> {
    const row = await this.db.get<Row>('SELECT * FROM tokens WHERE id = ?', [id]);
    return row && toRecord(row);
  }

  async listForIncident(incidentId: string): Promise<TokenRecord[]> {
    const rows = await this.db.all<Row>('SELECT * FROM tokens WHERE incident_id = ? ORDER BY created_at', [incidentId]);
    return rows.map(toRecord);
  }

  private async hasInvite(): Promise<boolean> {
    return (await this.db.get("SELECT 1 AS one FROM tokens WHERE access = 'invite' LIMIT 1")) !== undefined;
  }

  /** The team's first invite, made once however many nodes start together; null if one exists. */
  firstInvite(now: number): Promise<{ secret: string; record: TokenRecord } | null> {
    return this.db.transaction(async () => {
      await this.db.lock('first-invite');
      if (await this.hasInvite()) return null;
      return this.create({ access: 'invite', name: 'team invite', userId: null, incidentId: null, now, expiresAt: null });
    });
  }

  async revoke(id: string, now: number): Promise<boolean> {
    return (await this.db.run('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [now, id])) > 0;
  }
}
