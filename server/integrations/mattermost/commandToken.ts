/**
 * The slash command's token (issue 14): Mattermost sends it as `Authorization: Token <token>`
 * and again as the `token` field of the form. Every copy present must be the configured one,
 * and at least one must be there; compared in constant time (as hashes, so the length of the
 * configured token does not show either).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

function sameToken(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

export function commandTokenValid(authorization: string | undefined, formToken: unknown, expected: string): boolean {
  const fromHeader = authorization === undefined ? undefined : /^Token\s+(\S+)\s*$/i.exec(authorization)?.[1] ?? '';
  const copies = [fromHeader, formToken].filter((t) => t !== undefined);
  if (copies.length === 0) return false;
  // Every copy is compared, valid or not, so the time taken does not tell which one failed.
  return copies.map((t) => typeof t === 'string' && sameToken(t, expected)).every(Boolean);
}
