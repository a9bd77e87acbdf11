/**
 * Signing in: a person with the team's invite link picks a display name and gets a responder
 * session cookie (HttpOnly, SameSite=Strict). Invites are made with the API token.
 */
import { Router } from 'express';
import { CreateInvite, SESSION_COOKIE, SignIn } from '../../shared/api.ts';
import type { SessionInfo } from '../../shared/api.ts';
import { describeZodError } from '../../shared/commands.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import type { SessionSigner } from '../auth/sessions.ts';
import { CommandError } from '../commands/CommandError.ts';
import type { Tokens } from '../storage/tokens.ts';
import type { Users } from '../storage/users.ts';
import type { RequestHandler } from 'express';
import { principalOf } from './authMiddleware.ts';

export interface SessionRouteDeps {
  auth: Authenticator;
  tokens: Tokens;
  users: Users;
  sessions: SessionSigner;
  secureCookies: boolean;
  now: () => number;
  requireAuth: RequestHandler;
  inviteUrl: (secret: string) => string;
}

export function sessionRoutes(deps: SessionRouteDeps): Router {
  const router = Router();

  router.post('/session', async (req, res) => {
    const parsed = SignIn.safeParse(req.body);
    if (!parsed.success) throw new CommandError('invalid', describeZodError(parsed.error));
    const now = deps.now();
    const invite = await deps.tokens.findBySecret(parsed.data.invite);
    if (!invite || invite.access !== 'invite') throw new CommandError('unauthorized', 'this invite link is not valid');
    if (invite.revokedAt !== null) throw new CommandError('unauthorized', 'this invite link was revoked');
    if (invite.expiresAt !== null && invite.expiresAt <= now) throw new CommandError('unauthorized', 'this invite link has expired');
    const user = await deps.users.create(parsed.data.name, now);
    const session = deps.sessions.issue(user.id, now);
    res.cookie(SESSION_COOKIE, session.value, {
      httpOnly: true,
      sameSite: 'strict',
      secure: deps.secureCookies,
      path: '/',
      expires: new Date(session.expiresAt),
    });
    const body: SessionInfo = { userId: user.id, name: user.name, access: 'responder', incidentId: null };
    res.status(201).json(body);
  });

  router.get('/session', deps.requireAuth, (_req, res) => {
    const p = principalOf(res);
    const body: SessionInfo = { userId: p.userId, name: p.name, access: p.access, incidentId: p.incidentId };
    res.json(body);
  });

  router.delete('/session', (_req, res) => {
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  router.post('/invites', deps.requireAuth, async (req, res) => {
    if (principalOf(res).access !== 'admin') throw new CommandError('forbidden', 'only the API token can create invites');
    const parsed = CreateInvite.safeParse(req.body ?? {});
    if (!parsed.success) throw new CommandError('invalid', describeZodError(parsed.error));
    const now = deps.now();
    const expiresAt = parsed.data.expiresInSeconds ? now + parsed.data.expiresInSeconds * 1000 : null;
    const { secret, record } = await deps.tokens.create({ access: 'invite', name: 'invite', userId: null, incidentId: null, now, expiresAt });
    res.status(201).json({ id: record.id, invite: secret, url: deps.inviteUrl(secret), expiresAt });
  });

  return router;
}
