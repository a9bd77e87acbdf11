import type { IncomingMessage } from 'node:http';
import type { Authenticator, AuthResult } from './authenticator.ts';
import { credentialOf } from './credentials.ts';
import { isAllowedOrigin } from './origin.ts';

/**
 * Authenticates an HTTP request or websocket upgrade. A request from a browser (it carries an
 * Origin) must come from an allowed origin, whatever credential it presents: a foreign page
 * must not reach the room even with a token it got hold of or a cookie it rides on.
 */
export function authenticateRequest(
  req: IncomingMessage,
  url: URL,
  auth: Authenticator,
  allowedOrigins: readonly string[],
  now: number,
): Promise<AuthResult> {
  const origin = req.headers.origin;
  if (origin !== undefined && !isAllowedOrigin(origin, req.headers.host, allowedOrigins)) {
    return Promise.resolve({ error: `origin ${origin} is not allowed` });
  }
  const credential = credentialOf(req, url);
  switch (credential.kind) {
    case 'secret':
      return auth.fromSecret(credential.secret, now);
    case 'session':
      return auth.fromSession(credential.value, now);
    case 'none':
      return Promise.resolve({ error: 'no credentials: pass a token or sign in' });
  }
}
