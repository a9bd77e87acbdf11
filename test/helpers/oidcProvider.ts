/**
 * A real OpenID provider for the tests: oidc-provider v9 on a loopback port, PKCE required, one
 * client authenticating with client_secret_basic, and test people with name, email and groups.
 * Its development interactions are its own login and consent pages (any password is accepted;
 * the login is the person's subject). Profile, email and group claims reach the room through
 * userinfo only, as with many providers, since the ID token of a code flow carries just `sub`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestPerson {
  sub: string;
  name: string;
  email: string;
  /** What the provider says of the email (`email_verified`); true when absent. */
  emailVerified?: boolean;
  groups: string[];
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The people the provider knows, by subject; a test may change one between sign-ins. */
  people: Map<string, TestPerson>;
  /** The room's configuration for this provider, plus `extra`. */
  env(extra?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
}

/**
 * `port` and `clientSecret`: be the provider that listened there before (one coming back after
 * an outage).
 */
export async function startOidcProvider(people: TestPerson[], options: { port?: number; clientSecret?: string } = {}): Promise<TestProvider> {
  const known = new Map(people.map((p) => [p.sub, p]));
  let handle: http.RequestListener = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'incident-room';
  const clientSecret = options.clientSecret ?? 'test-client-secret-' + Math.random().toString(36).slice(2);

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        // A native client's loopback redirect URIs match on any port (RFC 8252, 7.3): the room's
        // port is only known once it listens.
        application_type: 'native',
        redirect_uris: ['http://localhost/auth/oidc/callback', 'http://127.0.0.1/auth/oidc/callback'],
        post_logout_redirect_uris: ['http://localhost/', 'http://127.0.0.1/'],
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ['sub'], profile: ['name', 'groups'], email: ['email', 'email_verified'] },
    async findAccount(_ctx, sub) {
      const person = known.get(sub);
      if (!person) return undefined;
      return {
        accountId: sub,
        claims: async () => ({ sub, name: person.name, email: person.email, email_verified: person.emailVerified ?? true, groups: person.groups }),
      };
    },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    cookies: { keys: ['incident-room-test-provider'] },
    // Lifetimes (seconds) set, so the provider does not print a notice for each default it uses.
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
  });
  handle = provider.callback();

  return {
    issuer,
    clientId,
    clientSecret,
    people: known,
    env: (extra = {}) => ({
      OIDC_ISSUER_URL: issuer,
      OIDC_CLIENT_ID: clientId,
      OIDC_CLIENT_SECRET: clientSecret,
      OIDC_PROVIDER_NAME: 'Test IdP',
      ...extra,
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
