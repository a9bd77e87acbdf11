/**
 * This server as a relying party of the organisation's OpenID provider (openid-client v6):
 * the authorization code flow with PKCE (S256), state and nonce, the claims of the ID token
 * merged with userinfo, and the provider's logout.
 *
 * Discovery is lazy: the server starts whether or not the provider answers (an identity
 * provider's outage must not take the incident room down with it, and invites or the API token
 * may still work). It is tried at start and again on each sign-in until it succeeds; meanwhile
 * a sign-in answers 503 with the reason.
 */
import * as oidc from 'openid-client';
import type { OidcConfig } from '../../config.ts';
import type { Logger } from '../../logger.ts';

export class ProviderUnavailable extends Error {}

/** What the callback checks the provider's answer against, from the sign-in it started. */
export interface LoginChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export type Claims = Record<string, unknown>;

export class OidcClient {
  private discovered: Promise<oidc.Configuration> | null = null;

  constructor(
    private readonly settings: OidcConfig,
    private readonly redirectUri: string,
    private readonly logger: Logger,
  ) {}

  /** Starts discovery in the background; a failure is logged and retried at the next sign-in. */
  warmUp(): void {
    this.configuration().catch(() => undefined);
  }

  /** Where to send the browser, with a fresh PKCE challenge for `checks.codeVerifier`. */
  async authorizationUrl(checks: LoginChecks): Promise<URL> {
    const config = await this.configuration();
    return oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: this.settings.scopes,
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    });
  }

  /**
   * Exchanges the code (with the verifier, checking state and nonce) and reads who signed in:
   * the ID token's claims, with userinfo's merged over them, since many providers put profile
   * and group claims only in userinfo (issue 13). The subject is the ID token's; openid-client
   * refuses a userinfo answer about anyone else.
   */
  async finish(callbackUrl: URL, checks: LoginChecks): Promise<Claims> {
    const config = await this.configuration();
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new Error('the provider sent no ID token');
    const userinfo = config.serverMetadata().userinfo_endpoint ? await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub) : {};
    return { ...idClaims, ...userinfo, sub: idClaims.sub, iss: idClaims.iss };
  }

  /** The provider's logout page, where it offers one (RP-initiated logout); null otherwise. */
  async logoutUrl(postLogoutRedirectUri: string): Promise<string | null> {
    let config: oidc.Configuration;
    try {
      config = await this.configuration();
    } catch {
      return null;
    }
    if (!config.serverMetadata().end_session_endpoint) return null;
    return oidc.buildEndSessionUrl(config, { post_logout_redirect_uri: postLogoutRedirectUri }).href;
  }

  private configuration(): Promise<oidc.Configuration> {
    this.discovered ??= this.discover();
    return this.discovered;
  }

  private async discover(): Promise<oidc.Configuration> {
    const { issuer, clientId, clientSecret, tokenAuth } = this.settings;
    const auth = tokenAuth === 'client_secret_post' ? oidc.ClientSecretPost(clientSecret) : oidc.ClientSecretBasic(clientSecret);
    try {
      return await oidc.discovery(issuer, clientId, { client_secret: clientSecret }, auth, {
        // config.ts allows http:// only on a loopback address.
        execute: issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [],
        timeout: 10,
      });
    } catch (error) {
      this.discovered = null;
      const reason = (error as Error).message;
      this.logger.warn({ issuer: issuer.href, reason }, 'OpenID provider discovery failed; retrying at the next sign-in');
      throw new ProviderUnavailable(`the identity provider at ${issuer.href} cannot be reached (${reason}); try again in a moment`);
    }
  }
}
