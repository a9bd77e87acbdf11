/**
 * Turns a presented credential (bearer secret or session cookie) into a Principal, or a reason
 * it was refused. Every transport (sync endpoint, socket.io, REST) authenticates through here.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Principal } from '../../shared/access.ts';
import type { Person } from '../../shared/incident.ts';
import type { Tokens } from '../storage/tokens.ts';
import type { Users } from '../storage/users.ts';
import type { Sessions } from '../storage/sessions.ts';

export const AUTOMATION_USER: Person = { id: 'u-automation', name: 'Automation' };

/** The API token's principal: automation, organisation-wide, never expiring. */
export const AUTOMATION: Principal = {
  userId: AUTOMATION_USER.id,
  name: AUTOMATION_USER.name,
  access: 'admin',
  incidentId: null,
  tokenId: null,
  sessionId: null,
  expiresAt: null,
};

/** A deactivated person is refused at every door, whatever credential they still hold (issue 13). */
export const DEACTIVATED = 'this account was deactivated by an administrator';

export type AuthResult = { principal: Principal } | { error: string };

const digest = (s: string) => createHash('sha256').update(s).digest();

export class Authenticator {
  private readonly adminDigest: Buffer;

  constructor(
    adminToken: string,
    private readonly tokens: Tokens,
    private readonly users: Users,
    private readonly sessions: Sessions,
  ) {
    this.adminDigest = digest(adminToken);
  }

  async fromSecret(secret: string, now: number): Promise<AuthResult> {
    if (timingSafeEqual(digest(secret), this.adminDigest)) return { principal: AUTOMATION };
    const token = await this.tokens.findBySecret(secret);
    if (!token) return { error: 'unknown token' };
    if (token.revokedAt !== null) return { error: 'token revoked' };
    if (token.expiresAt !== null && token.expiresAt <= now) return { error: 'token expired' };
    if (token.access === 'invite') return { error: 'an invite is for signing in, not for API access' };
    const user = token.userId ? await this.users.state(token.userId) : undefined;
    if (!user) return { error: 'unknown token' };
    if (user.deactivatedAt !== null) return { error: DEACTIVATED };
    return {
      principal: {
        userId: user.id,
        name: user.name,
        access: token.access,
        incidentId: token.incidentId,
        tokenId: token.id,
        sessionId: null,
        expiresAt: token.expiresAt,
      },
    };
  }

  async fromSession(secret: string, now: number): Promise<AuthResult> {
    const session = await this.sessions.findBySecret(secret);
    if (!session) return { error: 'unknown session: sign in again' };
    if (session.revokedAt !== null) return { error: 'signed out: sign in again' };
    if (session.expiresAt <= now) return { error: 'session expired: sign in again' };
    const user = await this.users.state(session.userId);
    if (!user) return { error: 'unknown user' };
    if (user.deactivatedAt !== null) return { error: DEACTIVATED };
    return {
      principal: {
        userId: user.id,
        name: user.name,
        // Admins come from the provider's groups, read at each sign-in (issue 13).
        access: user.admin ? 'admin' : 'responder',
        incidentId: null,
        tokenId: null,
        sessionId: session.id,
        expiresAt: session.expiresAt,
      },
    };
  }
}
