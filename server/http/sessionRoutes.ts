/**
 * Signing in: a person with the team's invite link picks a display name and gets a responder
 * session cookie (HttpOnly, SameSite=Strict) naming a server-side session record. Signing out
 * revokes that record; a person (or the API token) can list and revoke their sessions. Invites
 * are made with the API token.
 */
import { Router } from 'express';
import type { Request, RequestHandler } from 'express';
import { CreateInvite, SESSION_COOKIE, SignIn } from '../../shared/api.ts';
import type { SessionInfo } from '../../shared/api.ts';
import { adminRefusal, sessionsRefusal } from '../../shared/access.ts';
import { describeZodError } from '../../shared/commands.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { readCookie } from '../auth/cookies.ts';
import { credentialOf } from '../auth/credentials.ts';
import { requestTarget } from './requestTarget.ts';
import { CommandError, requireAllowed } from '../commands/CommandError.ts';
import type { Tokens } from '../storage/tokens.ts';
import type { Users } from '../storage/users.ts';
import type { Sessions } from '../storage/sessions.ts';
import { principalOf } from './authMiddleware.ts';

export interface SessionRouteDeps {
  auth: Authenticator;
  tokens: Tokens;
  users: Users;
  sessions: Sessions;
  sessionTtlMs: number;
  secureCookies: boolean;
  now: () => number;
  requireAuth: RequestHandler;
  inviteUrl: (secret: string) => string;
  /** Closes the live connections of a revoked session, on every node. */
  onSessionRevoked: (sessionId: string) => void;
}

export function sessionRoutes(deps: SessionRouteDeps): Router {
  const router = Router();

  const revoke = async (sessionId: string) => {
    const revoked = await deps.sessions.revoke(sessionId, deps.now());
    if (revoked) deps.onSessionRevoked(sessionId);
    return revoked;
  };

  router.post('/session', async (req, res) => {
    const parsed = SignIn.safeParse(req.body);
    if (!parsed.success) throw new CommandError('invalid', describeZodError(parsed.error));
    const now = deps.now();
    const invite = await deps.tokens.findBySecret(parsed.data.invite);
    if (!invite || invite.access !== 'invite') throw new CommandError('unauthorized', 'this invite link is not valid');
    if (invite.revokedAt !== null) throw new CommandError('unauthorized', 'this invite link was revoked');
    if (invite.expiresAt !== null && invite.expiresAt <= now) throw new CommandError('unauthorized', 'this invite link has expired');
    const user = await deps.users.create(parsed.data.name, now);
    const { secret, record } = await deps.sessions.create({ userId: user.id, now, ttlMs: deps.sessionTtlMs, userAgent: userAgentOf(req) });
    res.cookie(SESSION_COOKIE, secret, {
      httpOnly: true,
      sameSite: 'strict',
      secure: deps.secureCookies,
      path: '/',
      expires: new Date(record.expiresAt),
    });
    const body: SessionInfo = { userId: user.id, name: user.name, access: 'responder', incidentId: null, sessionId: record.id };
    res.status(201).json(body);
  });

  // Nobody signed in is an answer, not an error: 204, so a first visit logs no failed request in
  // the browser's console (issue 12). A credential that does not work still answers 401 and why.
  router.get('/session', (req, res, next) => {
    const url = requestTarget(req.originalUrl);
    if (url && credentialOf(req, url).kind === 'none') res.status(204).end();
    else next();
  });
  router.get('/session', deps.requireAuth, (_req, res) => {
    const p = principalOf(res);
    const body: SessionInfo = { userId: p.userId, name: p.name, access: p.access, incidentId: p.incidentId, sessionId: p.sessionId };
    res.json(body);
  });

  /** Signing out ends the session on the server too: a copied cookie stops working at once. */
  router.delete('/session', async (req, res) => {
    const secret = readCookie(req.headers.cookie, SESSION_COOKIE);
    const session = secret ? await deps.sessions.findBySecret(secret) : undefined;
    if (session) await revoke(session.id);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  router.get('/users/:userId/sessions', deps.requireAuth, async (req, res) => {
    requireAllowed(sessionsRefusal(principalOf(res), req.params.userId as string));
    res.json({ sessions: await deps.sessions.liveForUser(req.params.userId as string, deps.now()) });
  });

  router.delete('/sessions/:sessionId', deps.requireAuth, async (req, res) => {
    const session = await deps.sessions.get(req.params.sessionId as string);
    // Someone else's session id answers like an unknown one: ids are not for probing.
    if (!session || sessionsRefusal(principalOf(res), session.userId) !== null) throw new CommandError('not_found', `no session ${req.params.sessionId}`);
    res.json({ revoked: await revoke(session.id) });
  });

  router.post('/invites', deps.requireAuth, async (req, res) => {
    requireAllowed(adminRefusal(principalOf(res), 'creating invites'));
    const parsed = CreateInvite.safeParse(req.body ?? {});
    if (!parsed.success) throw new CommandError('invalid', describeZodError(parsed.error));
    const now = deps.now();
    const expiresAt = parsed.data.expiresInSeconds ? now + parsed.data.expiresInSeconds * 1000 : null;
    const { secret, record } = await deps.tokens.create({ access: 'invite', name: 'invite', userId: null, incidentId: null, now, expiresAt });
    res.status(201).json({ id: record.id, invite: secret, url: deps.inviteUrl(secret), expiresAt });
  });

  return router;
}

function userAgentOf(req: Request): string {
  const ua = req.headers['user-agent'];
  return typeof ua === 'string' ? ua : '';
}
