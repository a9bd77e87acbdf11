/**
 * Signing in: a person with the team's invite link picks a display name (unique among invite
 * accounts, issue 13) and gets a responder session cookie (HttpOnly, SameSite=Strict) naming a
 * server-side session record; single sign-on through the provider is in auth/oidc. A signed-in
 * person adds another device with a one-time link. Signing out revokes the record (and answers
 * the provider's logout page, if it has one); a person (or the API token) can list and revoke
 * their sessions. Invites are made with the API token.
 */
import { Router } from 'express';
import type { Request, RequestHandler } from 'express';
import { CreateInvite, SESSION_COOKIE, SignIn, UseDeviceLink } from '../../shared/api.ts';
import type { DeviceLink, SessionInfo, SessionOptions, SignedOut } from '../../shared/api.ts';
import { adminRefusal, deviceLinkRefusal, sessionsRefusal } from '../../shared/access.ts';
import { describeZodError } from '../../shared/commands.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { DEACTIVATED } from '../auth/authenticator.ts';
import { readCookie } from '../auth/cookies.ts';
import { credentialOf } from '../auth/credentials.ts';
import { requestTarget } from './requestTarget.ts';
import { CommandError, requireAllowed } from '../commands/CommandError.ts';
import type { Tokens } from '../storage/tokens.ts';
import type { Users } from '../storage/users.ts';
import type { Sessions } from '../storage/sessions.ts';
import type { DeviceLinks } from '../storage/deviceLinks.ts';
import { principalOf } from './authMiddleware.ts';
import { setSessionCookie, startSession } from './sessionCookie.ts';

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
  /** Whether invite links sign people in (INVITES). */
  invites: boolean;
  /** Single sign-on, when configured: how to start it and where the provider ends its session. */
  oidc: { providerName: string; loginUrl: string; logoutUrl: () => Promise<string | null> } | null;
  deviceLinks: DeviceLinks;
  deviceLinkUrl: (secret: string) => string;
}

export function sessionRoutes(deps: SessionRouteDeps): Router {
  const router = Router();

  const revoke = async (sessionId: string) => {
    const revoked = await deps.sessions.revoke(sessionId, deps.now());
    if (revoked) deps.onSessionRevoked(sessionId);
    return revoked;
  };

  router.post('/session', async (req, res) => {
    if (!deps.invites) throw new CommandError('forbidden', `invite links are turned off on this server${deps.oidc ? `; sign in with ${deps.oidc.providerName}` : ''}`);
    const parsed = SignIn.safeParse(req.body);
    if (!parsed.success) throw new CommandError('invalid', describeZodError(parsed.error));
    const now = deps.now();
    const invite = await deps.tokens.findBySecret(parsed.data.invite);
    if (!invite || invite.access !== 'invite') throw new CommandError('unauthorized', 'this invite link is not valid');
    if (invite.revokedAt !== null) throw new CommandError('unauthorized', 'this invite link was revoked');
    if (invite.expiresAt !== null && invite.expiresAt <= now) throw new CommandError('unauthorized', 'this invite link has expired');
    const result = await deps.users.createInvited(parsed.data.name, now, async (user) => ({
      user,
      ...(await deps.sessions.create({ userId: user.id, now, ttlMs: deps.sessionTtlMs, userAgent: userAgentOf(req) })),
    }));
    if ('taken' in result) {
      throw new CommandError(
        'conflict',
        `The name "${result.taken}" is taken. If that is you, choose "Add another device" in your menu where you are signed in; otherwise pick another name.`,
      );
    }
    const { user, secret, record } = result.created;
    setSessionCookie(deps, res, secret, record.expiresAt);
    const body: SessionInfo = { userId: user.id, name: user.name, access: 'responder', incidentId: null, sessionId: record.id };
    res.status(201).json(body);
  });

  /** Public: which ways of signing in the sign-in page offers. */
  router.get('/session-options', (_req, res) => {
    const body: SessionOptions = { oidc: deps.oidc && { providerName: deps.oidc.providerName, loginUrl: deps.oidc.loginUrl }, invites: deps.invites };
    res.json(body);
  });

  /** A one-time link that signs another device in as the same person (issue 13). */
  router.post('/session/device-link', deps.requireAuth, async (_req, res) => {
    const p = principalOf(res);
    requireAllowed(deviceLinkRefusal(p));
    const { secret, expiresAt } = await deps.deviceLinks.create(p.userId, deps.now());
    const body: DeviceLink = { url: deps.deviceLinkUrl(secret), expiresAt };
    res.status(201).json(body);
  });

  router.post('/session/device', async (req, res) => {
    const parsed = UseDeviceLink.safeParse(req.body);
    if (!parsed.success) throw new CommandError('invalid', describeZodError(parsed.error));
    const now = deps.now();
    const use = await deps.deviceLinks.use(parsed.data.token, now);
    if ('refused' in use) throw new CommandError('unauthorized', DEVICE_LINK_REFUSALS[use.refused]);
    const user = await deps.users.state(use.userId);
    if (!user) throw new CommandError('unauthorized', DEVICE_LINK_REFUSALS.unknown);
    if (user.deactivatedAt !== null) throw new CommandError('unauthorized', DEACTIVATED);
    const record = await startSession(deps, req, res, user.id, now);
    await deps.users.recordSignIn(user.id, now);
    const body: SessionInfo = { userId: user.id, name: user.name, access: user.admin ? 'admin' : 'responder', incidentId: null, sessionId: record.id };
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
    // A person from the provider is signed out there too where it offers that; the browser goes.
    const fromProvider = session && deps.oidc ? (await deps.users.person(session.userId))?.issuer !== 'invite' : false;
    const logoutUrl = fromProvider ? await deps.oidc!.logoutUrl() : null;
    if (logoutUrl === null) res.status(204).end();
    else res.json({ logoutUrl } satisfies SignedOut);
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
    if (!deps.invites) throw new CommandError('conflict', 'invite links are turned off on this server (INVITES=off)');
    const parsed = CreateInvite.safeParse(req.body ?? {});
    if (!parsed.success) throw new CommandError('invalid', describeZodError(parsed.error));
    const now = deps.now();
    const expiresAt = parsed.data.expiresInSeconds ? now + parsed.data.expiresInSeconds * 1000 : null;
    const { secret, record } = await deps.tokens.create({ access: 'invite', name: 'invite', userId: null, incidentId: null, now, expiresAt });
    res.status(201).json({ id: record.id, invite: secret, url: deps.inviteUrl(secret), expiresAt });
  });

  return router;
}

const DEVICE_LINK_REFUSALS = {
  unknown: 'this device link is not valid; make a new one from your menu',
  used: 'this device link was already used; make a new one from your menu',
  expired: 'this device link has expired; make a new one from your menu',
} as const;

function userAgentOf(req: Request): string {
  const ua = req.headers['user-agent'];
  return typeof ua === 'string' ? ua : '';
}
