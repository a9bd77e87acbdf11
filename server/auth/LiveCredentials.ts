/**
 * Every live connection (Yjs socket, socket.io socket) with the credential it was admitted on,
 * so that a credential's end reaches its open connections, not only its next request: a token
 * or session that expires, is revoked, or is signed out closes them within EXPIRY_CHECK_MS
 * (issue 11: an expired token kept writing on its open sockets). Revocation is immediate on this
 * node and reaches other nodes through their own LiveCredentials (peer messages).
 */
import type { Principal } from '../../shared/access.ts';

export interface LiveConnection {
  readonly principal: Principal;
  /** Ends the connection, telling the client why in the transport's own way. */
  end(reason: string): void;
}

/** How often expiry is checked; the bound on how long an expired credential stays connected. */
export const EXPIRY_CHECK_MS = 250;

export class LiveCredentials {
  private readonly expiring = new Set<LiveConnection>();
  private readonly byToken = new Map<string, Set<LiveConnection>>();
  private readonly bySession = new Map<string, Set<LiveConnection>>();
  private readonly byUser = new Map<string, Set<LiveConnection>>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly now: () => number) {
    this.timer = setInterval(() => this.endExpired(), EXPIRY_CHECK_MS);
    this.timer.unref();
  }

  /** Tracks a connection until it ends; returns what to call when it does. */
  add(connection: LiveConnection): () => void {
    const { principal } = connection;
    if (principal.expiresAt !== null) this.expiring.add(connection);
    if (principal.tokenId !== null) index(this.byToken, principal.tokenId).add(connection);
    if (principal.sessionId !== null) index(this.bySession, principal.sessionId).add(connection);
    index(this.byUser, principal.userId).add(connection);
    return () => this.remove(connection);
  }

  /** Ends this node's connections admitted on a token; returns how many. */
  endToken(tokenId: string, reason: string): number {
    return this.endAll(this.byToken.get(tokenId), reason);
  }

  /** Ends this node's connections admitted on a browser session; returns how many. */
  endSession(sessionId: string, reason: string): number {
    return this.endAll(this.bySession.get(sessionId), reason);
  }

  /** Ends this node's connections of one person, whatever credential each was admitted on (deactivation, issue 13). */
  endUser(userId: string, reason: string): number {
    return this.endAll(this.byUser.get(userId), reason);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private endExpired(): void {
    if (this.expiring.size === 0) return;
    const t = this.now();
    for (const c of [...this.expiring]) {
      if (c.principal.expiresAt !== null && c.principal.expiresAt <= t) {
        this.remove(c);
        c.end(c.principal.sessionId !== null ? 'session expired: sign in again' : 'token expired');
      }
    }
  }

  private endAll(connections: Set<LiveConnection> | undefined, reason: string): number {
    const all = connections ? [...connections] : [];
    for (const c of all) {
      this.remove(c);
      c.end(reason);
    }
    return all.length;
  }

  private remove(connection: LiveConnection): void {
    const { principal } = connection;
    this.expiring.delete(connection);
    if (principal.tokenId !== null) unindex(this.byToken, principal.tokenId, connection);
    if (principal.sessionId !== null) unindex(this.bySession, principal.sessionId, connection);
    unindex(this.byUser, principal.userId, connection);
  }
}

function index(map: Map<string, Set<LiveConnection>>, key: string): Set<LiveConnection> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}

function unindex(map: Map<string, Set<LiveConnection>>, key: string, connection: LiveConnection): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(connection);
  if (set.size === 0) map.delete(key);
}
