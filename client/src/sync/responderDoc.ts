/**
 * The responder document's schema (shared/documents.ts) as typed reads and the few writes the
 * room makes. The only place the client names its root types: writing any other root gets the
 * connection closed by the server.
 *
 * No author is ever written into the document. Who wrote an entry is derived from the Yjs
 * client id of the item that holds it, which the server binds to the authenticated user.
 */
import * as Y from 'yjs';
import type { ActionStatus, EntryKind } from '../../../shared/documents.ts';
import { creatorClient as sharedCreatorClient, responderRoots } from '../../../shared/responderDoc.ts';
import { newId } from '../format/ids.ts';

export { responderRoots };

export type EntryMap = Y.Map<unknown>;
export type ActionMap = Y.Map<unknown>;

/** Another responder's client may push anything into an array; only maps are entries. */
export function onlyMaps(values: unknown[]): Y.Map<unknown>[] {
  return values.filter((v): v is Y.Map<unknown> => v instanceof Y.Map);
}

export interface EntryView {
  id: string;
  at: number;
  kind: string;
  /** The shared text, editable in place; a plain string when a client wrote one instead. */
  text: Y.Text | string;
}

export function readEntry(entry: EntryMap): EntryView {
  const text = entry.get('text');
  const at = entry.get('at');
  const kind = entry.get('kind');
  return {
    id: String(entry.get('id') ?? ''),
    at: typeof at === 'number' && Number.isFinite(at) ? at : 0,
    kind: typeof kind === 'string' ? kind : 'note',
    text: text instanceof Y.Text ? text : typeof text === 'string' ? text : '',
  };
}

/** The Yjs client id that created an entry or item: the key to its author; null before it is in a doc. */
export function creatorClient(map: Y.Map<unknown>): number | null {
  const client = sharedCreatorClient(map);
  return client < 0 ? null : client;
}

/** A React key that is unique even if two clients wrote the same `id` field: the Yjs item id. */
export function itemKey(map: Y.Map<unknown>, fallback: number): string {
  const id = map._item?.id;
  return id ? `${id.client}:${id.clock}` : `new:${fallback}`;
}

export function appendTranscriptEntry(doc: Y.Doc, kind: EntryKind, text: string, at = Date.now()): void {
  const entry: EntryMap = new Y.Map();
  entry.set('id', newId('ent'));
  entry.set('at', at);
  entry.set('kind', kind);
  entry.set('text', new Y.Text(text));
  responderRoots(doc).transcript.push([entry]);
}

export interface ActionView {
  id: string;
  title: Y.Text | null;
  owner: string | null;
  status: ActionStatus;
  createdAt: number;
}

export function readAction(item: ActionMap, fields: Record<string, unknown> = Object.fromEntries(item.entries())): ActionView {
  const title = item.get('title');
  return {
    id: String(fields.id ?? ''),
    title: title instanceof Y.Text ? title : null,
    owner: typeof fields.owner === 'string' ? fields.owner : null,
    status: fields.status === 'done' ? 'done' : 'open',
    createdAt: Number(fields.createdAt ?? 0),
  };
}

export function addActionItem(doc: Y.Doc, title: string, owner: string | null = null): void {
  const item: ActionMap = new Y.Map();
  item.set('id', newId('act'));
  item.set('title', new Y.Text(title));
  item.set('owner', owner);
  item.set('status', 'open' satisfies ActionStatus);
  item.set('createdAt', Date.now());
  responderRoots(doc).actions.push([item]);
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

/**
 * Role checklists: root `checklists`, role → Y.Array of Y.Map { id, text: string, done: boolean }.
 * The server seeds them at declaration; they belong to the role, not the person, so a hand-off
 * carries them over untouched. Text is a plain string (written whole when an edit is committed).
 */
export type ChecklistItemMap = Y.Map<unknown>;

export interface ChecklistItemView {
  id: string;
  text: string;
  done: boolean;
}

export function checklistOf(doc: Y.Doc, role: string): Y.Array<ChecklistItemMap> | null {
  const list = responderRoots(doc).checklists.get(role);
  return list instanceof Y.Array ? list : null;
}

export function readChecklistItem(fields: Record<string, unknown>): ChecklistItemView {
  return {
    id: typeof fields.id === 'string' ? fields.id : '',
    text: typeof fields.text === 'string' ? fields.text : fields.text instanceof Y.Text ? fields.text.toString() : '',
    done: fields.done === true,
  };
}

/**
 * Appends a step to a role's list. Only to a list the server seeded: the server refuses clients
 * writing root entries of `checklists` (closing the connection), so a role without a list (an
 * incident declared before checklists existed) cannot be given one from here.
 */
export function addChecklistItem(list: Y.Array<ChecklistItemMap>, text: string): void {
  const item: ChecklistItemMap = new Y.Map();
  item.set('id', newId('chk'));
  item.set('text', text);
  item.set('done', false);
  list.push([item]);
}

export function setChecklistItemDone(item: ChecklistItemMap, done: boolean): void {
  item.set('done', done);
}

export function setChecklistItemText(item: ChecklistItemMap, text: string): void {
  if (item.get('text') !== text) item.set('text', text);
}
