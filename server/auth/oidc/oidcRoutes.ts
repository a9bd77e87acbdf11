/**
 * Single sign-on (issue 13): `GET /auth/oidc/login` sends the browser to the provider, and
 * `GET /auth/oidc/callback` brings it back with a session, or to a page saying why not.
 *
 * The state, nonce and PKCE verifier live in the database so any node can finish a sign-in; the
 * state is also kept in a short-lived cookie of the browser that started it, so a callback URL
 * made in someone else's browser (login CSRF: signing a victim in as the attacker) is refused.
 */
import { Router } from 'express';
import type { Request, Response } from 'express';
import * as oidc from 'openid-client';
import type { SignInRefusal } from '../../../shared/api.ts';
import type { OidcConfig } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import type { OidcLogins } from '../../storage/oidcLogins.ts';
import { OIDC_LOGIN_TTL_MS } from '../../storage/oidcLogins.ts';
import type { Users } from '../../storage/users.ts';
import { startSession } from '../../http/sessionCookie.ts';
import type { SessionStarter } from '../../http/sessionCookie.ts';
import { readCookie } from '../cookies.ts';
import { KeyedRateLimiter } from '../../limits/KeyedRateLimiter.ts';
import { requestTarget } from '../../http/requestTarget.ts';
import { admissionOf, identityOf } from './admission.ts';
import type { OidcClient } from './OidcClient.ts';
import { ProviderUnavailable } from './OidcClient.ts';

export const OIDC_LOGIN_PATH = '/auth/oidc/login';
export const OIDC_CALLBACK_PATH = '/auth/oidc/callback';
const STATE_COOKIE = 'ir_oidc_state';

export interface OidcRouteDeps extends SessionStarter {
  client: OidcClient;
  settings: OidcConfig;
  logins: OidcLogins;
  users: Users;
  publicUrl: string;
  now: () => number;
  logger: Logger;
}

export function oidcRoutes(deps: OidcRouteDeps): Router {
  const router = Router();
  // Each start stores a row (kept 10 minutes) and anyone may ask: without a bound per address an
  // anonymous caller could grow the table at request rate (OIDC_LOGINS_PER_MINUTE).
  const starts = new KeyedRateLimiter(deps.settings.loginsPerMinute / 60, 60, deps.now);
  const stateCookie = {
    httpOnly: true,
    // Lax, not Strict: the provider's redirect back is a cross-site top-level navigation.
    sameSite: 'lax' as const,
    secure: deps.secureCookies,
    path: '/auth/oidc',
  };

  router.get(OIDC_LOGIN_PATH, async (req, res) => {
    if (!starts.take(req.socket.remoteAddress ?? 'unknown')) {
      res.status(429).set('Retry-After', '60').type('text/plain').send('Too many sign-ins started from this address; try again in a minute.');
      return;
    }
    const checks = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
    let target: URL;
    try {
      target = await deps.client.authorizationUrl(checks);
    } catch (error) {
      if (!(error instanceof ProviderUnavailable)) throw error;
      res.status(503).set('Retry-After', '10').type('text/plain').send(`Sign-in is unavailable: ${error.message}.`);
      return;
    }
    await deps.logins.start({ ...checks, returnTo: sameSitePath(req.query.returnTo) }, deps.now());
    res.cookie(STATE_COOKIE, checks.state, { ...stateCookie, maxAge: OIDC_LOGIN_TTL_MS });
    res.redirect(303, target.href);
  });

  router.get(OIDC_CALLBACK_PATH, async (req, res) => {
    const callbackUrl = new URL(deps.publicUrl + OIDC_CALLBACK_PATH);
    callbackUrl.search = requestTarget(req.originalUrl)?.search ?? '';
    const state = callbackUrl.searchParams.get('state');
    const started = readCookie(req.headers.cookie, STATE_COOKIE);
    res.clearCookie(STATE_COOKIE, { path: stateCookie.path });
    // Not started in this browser, already finished (a replayed callback), or too old.
    if (!state || state !== started) return refuse(res, 'expired');
    const login = await deps.logins.take(state, deps.now());
    if (!login) return refuse(res, 'expired');
    const providerError = callbackUrl.searchParams.get('error');
    if (providerError) return refuse(res, providerError === 'access_denied' ? 'cancelled' : 'failed');

    let claims;
    try {
      claims = await deps.client.finish(callbackUrl, login);
    } catch (error) {
      // A wrong verifier (an injected code), nonce or signature, or the provider refusing the code.
      deps.logger.warn({ reason: (error as Error).message }, 'OpenID sign-in could not be verified');
      return refuse(res, 'failed');
    }
    const identity = identityOf(claims, deps.settings.groupsClaim);
    const admission = admissionOf(identity, deps.settings);
    if (!admission.admitted) return refuse(res, 'not-in-group');
    const now = deps.now();
    const account = await deps.users.fromProvider({ ...identity, admin: admission.admin, now });
    if (account.deactivatedAt !== null) return refuse(res, 'deactivated');
    await startSession(deps, req, res, account.id, now);
    // Checked again on the way out: a sign-in started before a fix of the check is still stored.
    res.redirect(303, sameSitePath(login.returnTo));
  });

  return router;
}

function refuse(res: Response, reason: SignInRefusal): void {
  res.redirect(303, `/sign-in/refused?reason=${reason}`);
}

/** Where to land after signing in: a path of this site only, never another site (open redirect). */
export function sameSitePath(value: Request['query'][string]): string {
  if (typeof value !== 'string' || value.length > 1000 || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  const base = 'http://same.site';
  let parsed: URL;
  try {
    parsed = new URL(value, base);
  } catch {
    return '/';
  }
  // Dot segments collapse after the check above: `/.//evil.example` parses to the path `//evil.example`,
  // which a browser reads as another host (issue 22).
  const path = parsed.pathname + parsed.search;
  return parsed.origin === base && !path.startsWith('//') ? path : '/';
}
