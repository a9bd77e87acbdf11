/**
 * Acknowledging a page without a room (issue 19), whichever door it comes through (the REST
 * route, an email link, an SMS reply, a key press): the person stops its notifications. Inside
 * the caller's transaction, the page is locked first, so the answer says truly who was first.
 */
import type { Person } from '../../shared/incident.ts';
import type { RoomlessPage, RoomlessPageStore } from '../roomlessPages/RoomlessPageStore.ts';

export type RoomlessAck =
  | { kind: 'acknowledged'; page: RoomlessPage }
  /** Someone (or they themselves, elsewhere) acknowledged it first. */
  | { kind: 'acknowledged-before'; page: RoomlessPage }
  /** Resolved at its source, or promoted to an incident: nothing to acknowledge here. */
  | { kind: 'closed'; page: RoomlessPage };

export async function acknowledgeRoomless(store: RoomlessPageStore, pageId: string, person: Person, now: number): Promise<RoomlessAck | undefined> {
  const page = await store.getLocked(pageId);
  if (!page) return undefined;
  if (page.status === 'acknowledged') return { kind: 'acknowledged-before', page };
  if (page.status !== 'open') return { kind: 'closed', page };
  await store.acknowledge(pageId, person, now);
  return { kind: 'acknowledged', page: (await store.get(pageId))! };
}

/** Why a closed page cannot be acknowledged, in words. */
export function closedWords(page: RoomlessPage): string {
  return page.status === 'promoted' ? 'this page was promoted to an incident: acknowledge it in its room' : 'this page was resolved at its source: nothing is left to acknowledge';
}
