/**
 * Finds the credential a request presents, in order of preference: a bearer token in the
 * Authorization header, a token offered as a websocket subprotocol (keeps it out of URLs and
 * logs), a `token` query parameter (the stock y-websocket provider's `params`), or a session
 * cookie. Cookie credentials are the only ones a foreign page could make a browser send.
 */
import type { IncomingMessage } from 'node:http';
import { SESSION_COOKIE } from '../../shared/api.ts';
import { readCookie } from './cookies.ts';

export type Credential =
  | { kind: 'secret'; secret: string; viaProtocol: string | null }
  | { kind: 'session'; value: string }
  | { kind: 'none' };

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,200}$/;

export function offeredProtocols(req: IncomingMessage): string[] {
  const header = req.headers['sec-websocket-protocol'];
  return header ? header.split(',').map((p) => p.trim()).filter(Boolean) : [];
}

export function credentialOf(req: IncomingMessage, url: URL): Credential {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return { kind: 'secret', secret: auth.slice(7).trim(), viaProtocol: null };
  const offered = offeredProtocols(req);
  // Subprotocols carry nothing but tokens here. One that is not token-shaped (a link cut short
  // or mangled in a paste) is still a token, just a wrong one: "unknown token", not "no
  // credentials" (issue 12).
  const protocol = offered.find((p) => TOKEN_SHAPE.test(p)) ?? offered[0];
  if (protocol) return { kind: 'secret', secret: protocol, viaProtocol: protocol };
  const query = url.searchParams.get('token');
  if (query) return { kind: 'secret', secret: query, viaProtocol: null };
  const session = readCookie(req.headers.cookie, SESSION_COOKIE);
  if (session) return { kind: 'session', value: session };
  return { kind: 'none' };
}
