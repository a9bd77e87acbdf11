import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Random lowercase alphanumerics; 8 characters give 41 bits, plenty for ids that are not secrets. */
export function randomAlnum(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

export function newId(prefix: string, length = 12): string {
  return `${prefix}-${randomAlnum(length)}`;
}

export function newIncidentId(): string {
  return newId('inc', 8);
}
