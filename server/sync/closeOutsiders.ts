import type { Principal } from '../../shared/access.ts';
import { CloseCode } from '../../shared/closeCodes.ts';
import type { Room } from './Room.ts';

/**
 * Closes this node's connections to an incident's documents whose principal may no longer see it
 * (issue 13: made private, or a member removed), as hiding the transcript closes stakeholder views.
 * Each person is asked about once, however many tabs they have open.
 */
export async function closeOutsiders(rooms: ReadonlyArray<Room | undefined>, canSee: (p: Principal) => Promise<boolean>): Promise<number> {
  const verdicts = new Map<string, Promise<boolean>>();
  let closed = 0;
  for (const room of rooms) {
    for (const c of room ? [...room.connections] : []) {
      const key = `${c.principal.userId}/${c.principal.incidentId ?? ''}/${c.principal.access}`;
      if (!verdicts.has(key)) verdicts.set(key, canSee(c.principal));
      if (await verdicts.get(key)!) continue;
      c.close(CloseCode.forbidden, 'this incident is private to its members');
      closed++;
    }
  }
  return closed;
}
