import type { Principal } from '../../shared/access.ts';
import { CloseCode } from '../../shared/closeCodes.ts';
import type { Room } from './Room.ts';

/**
 * Closes this node's connections to an incident's documents whose principal may no longer see it
 * (issue 13: made private, or a member removed), as hiding the transcript closes stakeholder views.
 * Each person is asked about once, however many tabs they have open.
 */
export async function closeOutsiders(rooms: ReadonlyArray<Room | undefined>, canSee: (p: Principal) => Promise<boolean>): Promise<number> {
  const principals = new Map<string, Principal>();
  for (const room of rooms) for (const p of room?.principals() ?? []) if (!principals.has(keyOf(p))) principals.set(keyOf(p), p);
  const outsiders = new Set<string>();
  for (const [key, p] of principals) if (!(await canSee(p))) outsiders.add(key);
  let closed = 0;
  for (const room of rooms) closed += room?.closeConnections(CloseCode.forbidden, 'this incident is private to its members', (p) => outsiders.has(keyOf(p))) ?? 0;
  return closed;
}

function keyOf(p: Principal): string {
  return `${p.userId}/${p.incidentId ?? ''}/${p.access}`;
}
