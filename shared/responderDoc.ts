/** Typed reads of the responder document, tolerant of malformed entries a client may have written. */
import * as Y from 'yjs';
import { ResponderRoot } from './documents.ts';
import type { ActionStatus } from './documents.ts';

export const responderRoots = (doc: Y.Doc) => ({
  transcript: doc.getArray<Y.Map<unknown>>(ResponderRoot.transcript),
  actions: doc.getArray<Y.Map<unknown>>(ResponderRoot.actions),
  notes: doc.getText(ResponderRoot.notes),
  checklists: doc.getMap<Y.Array<Y.Map<unknown>>>(ResponderRoot.checklists),
});

export interface TranscriptEntryView {
  id: string;
  at: number;
  kind: string;
  text: string;
  /** The Yjs client id that created the entry; the state document's `clients` maps it to a user. */
  client: number;
}

export interface ActionItemView {
  id: string;
  title: string;
  owner: string | null;
  status: ActionStatus;
  createdAt: number;
  client: number;
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : v instanceof Y.Text ? v.toString() : fallback);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** The client id that created a Y.Map (its item's id), or -1 for a map not yet in a document. */
export function creatorClient(map: Y.Map<unknown>): number {
  return map._item?.id.client ?? -1;
}

export function readTranscriptEntry(map: Y.Map<unknown>): TranscriptEntryView {
  return {
    id: str(map.get('id')),
    at: num(map.get('at')),
    kind: str(map.get('kind'), 'note'),
    text: str(map.get('text')),
    client: creatorClient(map),
  };
}

export function readActionItem(map: Y.Map<unknown>): ActionItemView {
  const owner = map.get('owner');
  return {
    id: str(map.get('id')),
    title: str(map.get('title')),
    owner: typeof owner === 'string' ? owner : null,
    status: map.get('status') === 'done' ? 'done' : 'open',
    createdAt: num(map.get('createdAt')),
    client: creatorClient(map),
  };
}

/** Entries that are not maps (a client may push anything into an array) are skipped. */
export function readTranscript(doc: Y.Doc): TranscriptEntryView[] {
  return responderRoots(doc)
    .transcript.toArray()
    .filter((m): m is Y.Map<unknown> => m instanceof Y.Map)
    .map(readTranscriptEntry);
}

export function readActions(doc: Y.Doc): ActionItemView[] {
  return responderRoots(doc)
    .actions.toArray()
    .filter((m): m is Y.Map<unknown> => m instanceof Y.Map)
    .map(readActionItem);
}

/** Per role, its checklist items; entries that are not arrays of maps are skipped. */
export function readChecklists(doc: Y.Doc): Record<string, Array<{ id: string; text: string; done: boolean }>> {
  const result: Record<string, Array<{ id: string; text: string; done: boolean }>> = {};
  for (const [role, items] of responderRoots(doc).checklists.entries()) {
    if (!(items instanceof Y.Array)) continue;
    result[role] = items
      .toArray()
      .filter((m): m is Y.Map<unknown> => m instanceof Y.Map)
      .map((m) => ({ id: str(m.get('id')), text: str(m.get('text')), done: m.get('done') === true }));
  }
  return result;
}
