/**
 * The `sha256=<hex HMAC-SHA256(secret, raw body)>` signature that GitHub sends as
 * X-Hub-Signature-256 ("Validating webhook deliveries") and Jira Cloud, for a webhook with a
 * secret, as X-Hub-Signature. Compared in constant time over the raw bytes, before any parsing.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type HookVerdict = { ok: true } | { ok: false; why: 'missing' | 'malformed' | 'forged' };

export function verifyHubSignature(secret: string, header: string | string[] | undefined, raw: Buffer): HookVerdict {
  if (header === undefined) return { ok: false, why: 'missing' };
  if (Array.isArray(header) || !/^sha256=[0-9a-fA-F]{64}$/.test(header)) return { ok: false, why: 'malformed' };
  const expected = createHmac('sha256', secret).update(raw).digest();
  return timingSafeEqual(Buffer.from(header.slice(7), 'hex'), expected) ? { ok: true } : { ok: false, why: 'forged' };
}

/** A shared secret given as is (Jira Data Center's webhooks cannot sign), compared in constant time. */
export function sameSecret(secret: string, given: string): boolean {
  const a = createHmac('sha256', 'compare').update(secret).digest();
  const b = createHmac('sha256', 'compare').update(given).digest();
  return timingSafeEqual(a, b);
}
