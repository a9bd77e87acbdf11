/**
 * Which connection announced each presence client id, so no one can speak for another, kept
 * both ways: a departing connection's ids, and how many ids one holds, are found without
 * walking every id in the room (with hundreds of people in a room, that walk ran on every
 * disconnect and every new id).
 */

/** Marks presence entries announced through another node, which no local connection may take over. */
export const ELSEWHERE = Symbol('elsewhere');

export class PresenceOwners<C> {
  private readonly ownerOf = new Map<number, C | typeof ELSEWHERE>();
  private readonly idsOf = new Map<C, Set<number>>();

  owner(clientId: number): C | typeof ELSEWHERE | undefined {
    return this.ownerOf.get(clientId);
  }

  count(owner: C): number {
    return this.idsOf.get(owner)?.size ?? 0;
  }

  claim(clientId: number, owner: C): void {
    this.ownerOf.set(clientId, owner);
    let ids = this.idsOf.get(owner);
    if (!ids) this.idsOf.set(owner, (ids = new Set()));
    ids.add(clientId);
  }

  /** Forgets what `owner` announced; answers those ids, in the order they were claimed. */
  release(owner: C): number[] {
    const ids = this.idsOf.get(owner);
    if (!ids) return [];
    this.idsOf.delete(owner);
    for (const id of ids) this.ownerOf.delete(id);
    return [...ids];
  }

  /** An id announced through another node, unless someone here holds it already. */
  seenElsewhere(clientId: number): void {
    if (!this.ownerOf.has(clientId)) this.ownerOf.set(clientId, ELSEWHERE);
  }

  /** Another node removed an id it had announced. */
  goneElsewhere(clientId: number): void {
    if (this.ownerOf.get(clientId) === ELSEWHERE) this.ownerOf.delete(clientId);
  }
}
