/**
 * The responder document's entries, read and built in one place for the room, replay, the
 * stakeholder view, the exports and the server's own writes. Reads are tolerant of malformed
 * entries a client may have written: another responder's client may push anything anywhere.
 *
 * No author is ever written into the document. Who wrote an entry is derived from the Yjs
 * client id of the item that holds it, which the server binds to the authenticated user.
 */
import * as Y from 'yjs';
import { ResponderRoot } from './documents.ts';
import type { ActionStatus } from './documents.ts';

export const responderRoots = (doc: Y.Doc) => ({
  transcript: doc.getArray<Y.Map<unknown>>(ResponderRoot.transcript),
  actions: doc.getArray<Y.Map<unknown>>(ResponderRoot.actions),
  notes: doc.getText(ResponderRoot.notes),
  checklists: doc.getMap<Y.Array<Y.Map<unknown>>>(ResponderRoot.checklists),
});

/** Only maps are entries; anything else a client pushed into an array is skipped. */
export function onlyMaps(values: unknown[]): Y.Map<unknown>[] {
  return values.filter((v): v is Y.Map<unknown> => v instanceof Y.Map);
}

/** The client id that created a Y.Map (its item's id), or -1 for a map not yet in a document. */
export function creatorClient(map: Y.Map<unknown>): number {
  return map._item?.id.client ?? -1;
}

const finite = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const plain = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : v instanceof Y.Text ? v.toString() : fallback);

/** A transcript entry's fields; its text stays the shared Y.Text the room edits in place. */
export interface TranscriptEntryFields {
  id: string;
  at: number;
  kind: string;
  /** A plain string when a client wrote one instead of a Y.Text. */
  text: Y.Text | string;
  /** Marked in the room for the postmortem's timeline (issue 20). */
  highlighted: boolean;
}

export function readEntryFields(map: Y.Map<unknown>): TranscriptEntryFields {
  const text = map.get('text');
  const kind = map.get('kind');
  return {
    id: plain(map.get('id')),
    at: finite(map.get('at')),
    kind: typeof kind === 'string' ? kind : 'note',
    text: text instanceof Y.Text || typeof text === 'string' ? text : '',
    highlighted: map.get('highlighted') === true,
  };
}

/** A transcript entry as text, for readers that do not edit it. */
export interface TranscriptEntryView {
  id: string;
  at: number;
  kind: string;
  text: string;
  highlighted: boolean;
  /** The Yjs client id that created the entry; the state document's `clients` maps it to a user. */
  client: number;
}

export function readTranscriptEntry(map: Y.Map<unknown>): TranscriptEntryView {
  const fields = readEntryFields(map);
  return { ...fields, text: fields.text.toString(), client: creatorClient(map) };
}

export function readTranscript(doc: Y.Doc): TranscriptEntryView[] {
  return onlyMaps(responderRoots(doc).transcript.toArray()).map(readTranscriptEntry);
}

/** A new transcript entry; the caller pushes it into `transcript` in its own transaction. */
export function transcriptEntry(fields: { id: string; at: number; kind: string; text: string }): Y.Map<unknown> {
  const entry = new Y.Map<unknown>();
  entry.set('id', fields.id);
  entry.set('at', fields.at);
  entry.set('kind', fields.kind);
  entry.set('text', new Y.Text(fields.text));
  return entry;
}

/** An action item's plain fields, from the map itself or from a snapshot of its entries. */
export interface ActionFields {
  id: string;
  owner: string | null;
  status: ActionStatus;
  createdAt: number;
}

export function readActionFields(fields: Record<string, unknown>): ActionFields {
  return {
    id: plain(fields.id),
    owner: typeof fields.owner === 'string' ? fields.owner : null,
    status: fields.status === 'done' ? 'done' : 'open',
    createdAt: finite(fields.createdAt),
  };
}

export interface ActionItemView extends ActionFields {
  title: string;
  client: number;
}

export function readActionItem(map: Y.Map<unknown>): ActionItemView {
  return { ...readActionFields(Object.fromEntries(map.entries())), title: plain(map.get('title')), client: creatorClient(map) };
}

export function readActions(doc: Y.Doc): ActionItemView[] {
  return onlyMaps(responderRoots(doc).actions.toArray()).map(readActionItem);
}

export function actionItem(fields: { id: string; title: string; owner: string | null; createdAt: number }): Y.Map<unknown> {
  const item = new Y.Map<unknown>();
  item.set('id', fields.id);
  item.set('title', new Y.Text(fields.title));
  item.set('owner', fields.owner);
  item.set('status', 'open' satisfies ActionStatus);
  item.set('createdAt', fields.createdAt);
  return item;
}

/**
 * Role checklists: root `checklists`, role → Y.Array of Y.Map { id, text: string, done: boolean }.
 * The server seeds them at declaration; they belong to the role, not the person, so a hand-off
 * carries them over untouched.
 */
export interface ChecklistItemView {
  id: string;
  text: string;
  done: boolean;
}

export function readChecklistItem(fields: Record<string, unknown>): ChecklistItemView {
  return { id: typeof fields.id === 'string' ? fields.id : '', text: plain(fields.text), done: fields.done === true };
}

/** Per role, its checklist items; entries that are not arrays of maps are skipped. */
export function readChecklists(doc: Y.Doc): Record<string, ChecklistItemView[]> {
  const result: Record<string, ChecklistItemView[]> = {};
  for (const [role, items] of responderRoots(doc).checklists.entries()) {
    if (items instanceof Y.Array) result[role] = onlyMaps(items.toArray()).map((m) => readChecklistItem(Object.fromEntries(m.entries())));
  }
  return result;
}

export function checklistItem(fields: { id: string; text: string }): Y.Map<unknown> {
  const item = new Y.Map<unknown>();
  item.set('id', fields.id);
  item.set('text', fields.text);
  item.set('done', false);
  return item;
}
