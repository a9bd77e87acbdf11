/**
 * Browser sessions: a signed, expiring cookie naming the user. Signed with an HMAC key kept in
 * the data folder, so sessions survive restarts and nothing is stored per session.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

interface SessionPayload {
  uid: string;
  exp: number;
}

export class SessionSigner {
  constructor(
    private readonly key: string,
    private readonly ttlMs: number,
  ) {}

  issue(userId: string, now: number): { value: string; expiresAt: number } {
    const payload: SessionPayload = { uid: userId, exp: now + this.ttlMs };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return { value: `${body}.${this.sign(body)}`, expiresAt: payload.exp };
  }

  /** The user id of a valid, unexpired session value; a reason otherwise. */
  verify(value: string, now: number): { userId: string } | { error: string } {
    const [body, mac] = value.split('.');
    if (!body || !mac) return { error: 'malformed session' };
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { error: 'invalid session' };
    let payload: SessionPayload;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as SessionPayload;
    } catch {
      return { error: 'malformed session' };
    }
    if (typeof payload.uid !== 'string' || typeof payload.exp !== 'number') return { error: 'malformed session' };
    if (payload.exp <= now) return { error: 'session expired' };
    return { userId: payload.uid };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}

/** Reads one cookie from a Cookie header without a parser dependency for a single name. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}
