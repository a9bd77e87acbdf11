/**
 * Starting a browser session, the same way for every way in (invite, device link, the OpenID
 * provider): a server-side record and its secret in an HttpOnly, SameSite=Strict cookie.
 */
import type { Request, Response } from 'express';
import { SESSION_COOKIE } from '../../shared/api.ts';
import type { SessionRecord } from '../../shared/api.ts';
import type { Sessions } from '../storage/sessions.ts';

export interface SessionStarter {
  sessions: Sessions;
  sessionTtlMs: number;
  secureCookies: boolean;
}

export async function startSession(deps: SessionStarter, req: Request, res: Response, userId: string, now: number): Promise<SessionRecord> {
  const ua = req.headers['user-agent'];
  const { secret, record } = await deps.sessions.create({ userId, now, ttlMs: deps.sessionTtlMs, userAgent: typeof ua === 'string' ? ua : '' });
  setSessionCookie(deps, res, secret, record.expiresAt);
  return record;
}

export function setSessionCookie(deps: Pick<SessionStarter, 'secureCookies'>, res: Response, secret: string, expiresAt: number): void {
  res.cookie(SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'strict',
    secure: deps.secureCookies,
    path: '/',
    expires: new Date(expiresAt),
  });
}
