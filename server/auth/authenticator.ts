/**
 * Turns a presented credential (bearer secret or session cookie) into a Principal, or a reason
 * it was refused. Every transport (sync endpoint, socket.io, REST) authenticates through here.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Principal } from '../../shared/access.ts';
import type { Person } from '../../shared/incident.ts';
import type { Tokens } from '../storage/tokens.ts';
import type { Users } from '../storage/users.ts';
import type { SessionSigner } from './sessions.ts';

export const AUTOMATION_USER: Person = { id: 'u-automation', name: 'Automation' };

export type AuthResult = { principal: Principal } | { error: string };

const digest = (s: string) => createHash('sha256').update(s).digest();

export class Authenticator {
  private readonly adminDigest: Buffer;

  constructor(
    adminToken: string,
    private readonly tokens: Tokens,
    private readonly users: Users,
    private readonly sessions: SessionSigner,
  ) {
    this.adminDigest = digest(adminToken);
  }

  async fromSecret(secret: string, now: number): Promise<AuthResult> {
    if (timingSafeEqual(digest(secret), this.adminDigest)) {
      return { principal: { userId: AUTOMATION_USER.id, name: AUTOMATION_USER.name, access: 'admin', incidentId: null, tokenId: null } };
    }
    const token = await this.tokens.findBySecret(secret);
    if (!token) return { error: 'unknown token' };
    if (token.revokedAt !== null) return { error: 'token revoked' };
    if (token.expiresAt !== null && token.expiresAt <= now) return { error: 'token expired' };
    if (token.access === 'invite') return { error: 'an invite is for signing in, not for API access' };
    const user = token.userId ? await this.users.get(token.userId) : undefined;
    if (!user) return { error: 'unknown token' };
    return {
      principal: { userId: user.id, name: user.name, access: token.access, incidentId: token.incidentId, tokenId: token.id },
    };
  }

  async fromSession(value: string, now: number): Promise<AuthResult> {
    const verified = this.sessions.verify(value, now);
    if ('error' in verified) return verified;
    const user = await this.users.get(verified.userId);
    if (!user) return { error: 'unknown user' };
    return { principal: { userId: user.id, name: user.name, access: 'responder', incidentId: null, tokenId: null } };
  }
}
