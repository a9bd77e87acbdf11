/** Reading a Yjs document's structs by id, for the policies that vet what clients write. */
import * as Y from 'yjs';
import type { Room } from './Room.ts';

/** The item at `id` in the room's document, if the document holds it and it is an item. */
export function findItem(room: Room, id: Y.ID): Y.Item | null {
  if (id.clock >= Y.getState(room.doc.store, id.client)) return null;
  const struct = Y.getItem(room.doc.store, id);
  return struct instanceof Y.Item ? struct : null;
}

/** Values by Yjs id, where one value covers a struct's whole clock range (origins point anywhere in it). */
export class ClockRangeMap<T = number> {
  private readonly byClient = new Map<number, Array<{ clock: number; end: number; value: T }>>();

  /** Structs of one client arrive in increasing clock order, so each list stays sorted. */
  set(id: Y.ID, length: number, value: T): void {
    let list = this.byClient.get(id.client);
    if (!list) this.byClient.set(id.client, (list = []));
    list.push({ clock: id.clock, end: id.clock + length, value });
  }

  get(id: Y.ID): T | undefined {
    const list = this.byClient.get(id.client);
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = list[mid]!;
      if (id.clock < r.clock) hi = mid - 1;
      else if (id.clock >= r.end) lo = mid + 1;
      else return r.value;
    }
    return undefined;
  }

  *values(): IterableIterator<T> {
    for (const list of this.byClient.values()) for (const r of list) yield r.value;
  }
}
