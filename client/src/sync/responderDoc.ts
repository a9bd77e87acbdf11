/**
 * The few writes the room makes into the responder document, over the shared builders and
 * readers (shared/responderDoc.ts). The client names the document's root types only through
 * those: writing any other root gets the connection closed by the server.
 */
import * as Y from 'yjs';
import type { ActionStatus, EntryKind } from '../../../shared/documents.ts';
import { actionItem, checklistItem, responderRoots, transcriptEntry } from '../../../shared/responderDoc.ts';
import { newId } from '../format/ids.ts';

export type EntryMap = Y.Map<unknown>;
export type ActionMap = Y.Map<unknown>;
export type ChecklistItemMap = Y.Map<unknown>;

/** A React key that is unique even if two clients wrote the same `id` field: the Yjs item id. */
export function itemKey(map: Y.Map<unknown>, fallback: number): string {
  const id = map._item?.id;
  return id ? `${id.client}:${id.clock}` : `new:${fallback}`;
}

export function appendTranscriptEntry(doc: Y.Doc, kind: EntryKind, text: string, at = Date.now()): void {
  responderRoots(doc).transcript.push([transcriptEntry({ id: newId('ent'), at, kind, text })]);
}

/** Marks an entry for the postmortem's timeline, or unmarks it; live for everyone in the room. */
export function setEntryHighlighted(entry: EntryMap, highlighted: boolean): void {
  if ((entry.get('highlighted') === true) !== highlighted) entry.set('highlighted', highlighted);
}

export function addActionItem(doc: Y.Doc, title: string, owner: string | null = null): void {
  responderRoots(doc).actions.push([actionItem({ id: newId('act'), title, owner, createdAt: Date.now() })]);
}

/** Removes an item from the list; a concurrent edit of it is lost with it, as for any deleted text. */
export function deleteActionItem(doc: Y.Doc, item: ActionMap): void {
  const actions = responderRoots(doc).actions;
  const index = actions.toArray().indexOf(item);
  if (index >= 0) actions.delete(index, 1);
}

export function setActionOwner(item: ActionMap, owner: string | null): void {
  item.set('owner', owner);
}

export function setActionStatus(item: ActionMap, status: ActionStatus): void {
  item.set('status', status);
}

export function checklistOf(doc: Y.Doc, role: string): Y.Array<ChecklistItemMap> | null {
  const list = responderRoots(doc).checklists.get(role);
  return list instanceof Y.Array ? list : null;
}

/**
 * Appends a step to a role's list. Only to a list the server seeded: the server refuses clients
 * writing root entries of `checklists` (closing the connection), so a role without a list (an
 * incident declared before checklists existed) cannot be given one from here.
 */
export function addChecklistItem(list: Y.Array<ChecklistItemMap>, text: string): void {
  list.push([checklistItem({ id: newId('chk'), text })]);
}

export function setChecklistItemDone(item: ChecklistItemMap, done: boolean): void {
  item.set('done', done);
}

/** The text is a plain string, written whole when an edit is committed. */
export function setChecklistItemText(item: ChecklistItemMap, text: string): void {
  if (item.get('text') !== text) item.set('text', text);
}
