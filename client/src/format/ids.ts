/**
 * Ids for transcript entries and action items. crypto.randomUUID exists only in secure
 * contexts, and a team server on a plain-http LAN address is not one; getRandomValues is.
 */
export function newId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  let out = '';
  for (const b of bytes) out += b.toString(36).padStart(2, '0');
  return `${prefix}-${out}`;
}
