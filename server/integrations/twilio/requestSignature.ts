/**
 * Twilio's webhook signatures, as "Webhooks security" documents them: `X-Twilio-Signature` is the
 * base64 HMAC-SHA1, keyed with the account's auth token, of the full URL Twilio called (query
 * included) followed by every POST parameter, sorted by name, each name immediately followed by its
 * value. Compared in constant time. Twilio's requests carry no timestamp, so a signed request
 * could be replayed: whoever acts on one makes it count once (PhonePages.claimRequest).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-twilio-signature';

export type Verdict = { ok: true } | { ok: false; why: 'missing' | 'malformed' | 'forged' };

export function verifyTwilioSignature(authToken: string, url: string, params: URLSearchParams, signature: string | undefined): Verdict {
  if (signature === undefined) return { ok: false, why: 'missing' };
  if (!/^[A-Za-z0-9+/]{27}=$/.test(signature)) return { ok: false, why: 'malformed' };
  // Sorted by name; a name given twice contributes each value, in order (as Twilio's helpers do).
  const sorted = [...params.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const hmac = createHmac('sha1', authToken).update(url, 'utf8');
  for (const [name, value] of sorted) hmac.update(name + value, 'utf8');
  const expected = hmac.digest();
  return timingSafeEqual(Buffer.from(signature, 'base64'), expected) ? { ok: true } : { ok: false, why: 'forged' };
}
