/**
 * Slack's request signatures, as "Verifying requests from Slack" documents them: `X-Slack-Signature`
 * is `v0=` and the hex HMAC-SHA256, keyed with the app's signing secret, of
 * `v0:<X-Slack-Request-Timestamp>:<raw body>`. A request stamped more than five minutes from our
 * clock is refused even when signed, so a captured request cannot be replayed later.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-slack-signature';
export const TIMESTAMP_HEADER = 'x-slack-request-timestamp';
export const MAX_AGE_MS = 5 * 60 * 1000;

export type Verdict = { ok: true } | { ok: false; why: 'missing' | 'malformed' | 'stale' | 'forged' };

export function verifySlackSignature(
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  rawBody: Buffer,
  now: number,
): Verdict {
  const { signature, timestamp } = headers;
  if (signature === undefined || timestamp === undefined) return { ok: false, why: 'missing' };
  if (!/^\d{1,12}$/.test(timestamp) || !/^v0=[0-9a-f]{64}$/.test(signature)) return { ok: false, why: 'malformed' };
  if (Math.abs(now - Number(timestamp) * 1000) > MAX_AGE_MS) return { ok: false, why: 'stale' };
  const expected = createHmac('sha256', secret).update(`v0:${timestamp}:`).update(rawBody).digest();
  const given = Buffer.from(signature.slice(3), 'hex');
  return timingSafeEqual(given, expected) ? { ok: true } : { ok: false, why: 'forged' };
}
