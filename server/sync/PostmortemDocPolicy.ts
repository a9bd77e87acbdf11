/**
 * What a responder may send into an incident's postmortem document (issue 20). Refuses, before
 * anything is stored, what ResponderDocPolicy refuses in the responder document (changes the
 * server does not have, forward references, client ids of another user) and, beyond it:
 * - content anywhere but the client roots (POSTMORTEM_CLIENT_ROOTS), found by where each item
 *   really lands: an item anchored to an existing one names no parent, so a write into the
 *   server's `review` map would otherwise pass as a parentless item;
 * - deletions of items outside the client roots;
 * - any shape but the schema's: a Y.Text per outlined section, id strings in `highlights`,
 *   times in TimeRange (or null) under the impact fields. No other type may be created, so
 *   nesting stays two deep;
 * - in a section, anything but text and the formats of shared/richText.ts with valid values: a
 *   `javascript:` link stored here would run in every reader's export and editor, and an unknown
 *   format is nothing the exports know how to keep inert;
 * - every change once the postmortem is published: it is read-only from then on.
 * New client ids are bound to the sender in the state document's `clients`, shared with the
 * responder document, so authorship reads the same in both.
 */
import * as Y from 'yjs';
import { ClockRangeMap, findItem } from './yjsStructs.ts';
import type { Principal } from '../../shared/access.ts';
import { CloseCode } from '../../shared/closeCodes.ts';
import { isRecordedTime, Limits } from '../../shared/limits.ts';
import { isAllowedFormat, RICH_TEXT_FORMATS } from '../../shared/richText.ts';
import { IMPACT_FIELDS, POSTMORTEM_CLIENT_ROOTS, PostmortemRoot, PUBLISHED_REASON, postmortemMaps, readReview } from '../../shared/postmortem.ts';
import { stateMaps } from '../../shared/stateDoc.ts';
import { MissingChanges, ProtocolViolation } from './messages.ts';
import { refuseForwardReferences } from './updateReferences.ts';
import { MAX_CLIENTS_PER_USER, MAX_NEW_CLIENTS_PER_UPDATE } from './ResponderDocPolicy.ts';
import type { PostmortemMaps } from '../../shared/postmortem.ts';
import type { Room, UpdatePolicy } from './Room.ts';


type Structs = ReturnType<typeof Y.decodeUpdate>['structs'];
type DeleteSet = ReturnType<typeof Y.decodeUpdate>['ds'];

/** Where an item lands: its root, its key in a root map, and whether it is the root's own entry. */
interface Place {
  root: string;
  key: string | null;
  direct: boolean;
}

export class PostmortemDocPolicy implements UpdatePolicy {
  /** stateRoomOf gives the loaded state document, which stays loaded while a postmortem document is. */
  constructor(
    private readonly stateRoomOf: (incidentId: string) => Room | undefined,
    private readonly now: () => number,
  ) {}

  admit(room: Room, update: Uint8Array, principal: Principal): void {
    if (readReview(postmortemMaps(room.doc)).state === 'published') throw new ProtocolViolation(CloseCode.forbidden, PUBLISHED_REASON);
    const decoded = decode(update);
    refuseForwardReferences(decoded.structs);
    const ranges = clockRanges(decoded.structs, room);
    checkPlaces(decoded.structs, room, this.now());
    checkDeletes(decoded.ds, ranges, room);
    const stateRoom = this.stateRoomOf(room.incidentId);
    if (!stateRoom) throw new Error(`state document of ${room.incidentId} is not loaded`);
    bindClients(ranges, room, stateRoom, principal);
  }
}

function decode(update: Uint8Array): ReturnType<typeof Y.decodeUpdate> {
  try {
    return Y.decodeUpdate(update);
  } catch {
    throw new ProtocolViolation(CloseCode.badMessage, 'malformed Yjs update');
  }
}

function clockRanges(structs: Structs, room: Room): Map<number, { from: number; to: number }> {
  const ranges = new Map<number, { from: number; to: number }>();
  for (const struct of structs) {
    if (struct instanceof Y.Skip) throw new ProtocolViolation(CloseCode.badMessage, 'update skips over changes the server does not have');
    const { client, clock } = struct.id;
    const range = ranges.get(client);
    if (range) range.to = Math.max(range.to, clock + struct.length);
    else ranges.set(client, { from: clock, to: clock + struct.length });
  }
  for (const [client, { from }] of ranges) {
    if (from > Y.getState(room.doc.store, client)) throw new MissingChanges(`update depends on changes the server does not have (client ${client})`);
  }
  return ranges;
}

/** Checks where every new item lands and what it holds. */
function checkPlaces(structs: Structs, room: Room, now: number): void {
  const fresh = new ClockRangeMap<Y.Item>();
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    // Content the document already holds (a client resending its stored copy) was vetted when it came.
    if (struct.id.clock + struct.length > Y.getState(room.doc.store, struct.id.client)) fresh.set(struct.id, struct.length, struct);
  }
  const places = new Map<Y.Item, Place>();
  const outline = postmortemMaps(room.doc).outline;
  for (const struct of fresh.values()) checkContent(struct, placeOf(struct, fresh, places, room), outline, now);
}

/**
 * Where an item lands: its parent root, or inside the type its parent id names, or beside its
 * origin. Those may be items of this same update, in any order: the chain is followed
 * iteratively (an update can chain thousands of items) to an item whose place is known.
 */
function placeOf(struct: Y.Item, fresh: ClockRangeMap<Y.Item>, places: Map<Y.Item, Place>, room: Room): Place {
  const chain: Array<{ item: Y.Item; inside: boolean }> = [];
  const seen = new Set<Y.Item>();
  let place: Place | undefined;
  for (let item = struct; ; ) {
    place = places.get(item);
    if (place) break;
    if (seen.has(item)) throw new ProtocolViolation(CloseCode.badMessage, 'malformed Yjs update: items anchored in a circle');
    seen.add(item);
    const parent = item.parent as unknown;
    if (typeof parent === 'string') {
      place = { root: parent, key: item.parentSub, direct: true };
      places.set(item, place);
      break;
    }
    const inside = parent instanceof Y.ID;
    const target = inside ? (parent as Y.ID) : (item.origin ?? item.rightOrigin);
    if (!target) throw new ProtocolViolation(CloseCode.badMessage, 'malformed Yjs update: an item without a place');
    chain.push({ item, inside });
    const next = fresh.get(target);
    if (next) {
      if (inside && !(next.content instanceof Y.ContentType)) throw notAType();
      item = next;
      continue;
    }
    const existing = findItem(room, target);
    if (!existing) throw new MissingChanges('update refers to changes the server does not have');
    if (inside && !(existing.content instanceof Y.ContentType)) throw notAType();
    place = placeInDoc(room.doc, existing);
    break;
  }
  for (let i = chain.length - 1; i >= 0; i--) {
    const { item, inside } = chain[i]!;
    if (inside) place = { root: place.root, key: null, direct: false };
    places.set(item, place);
  }
  return place;
}

const notAType = () => new ProtocolViolation(CloseCode.badMessage, 'malformed Yjs update: an item placed inside something that is not a type');

function placeInDoc(doc: Y.Doc, item: Y.Item): Place {
  const type = item.parent as Y.AbstractType<unknown>;
  return type._item === null ? { root: rootName(doc, type), key: item.parentSub, direct: true } : { root: rootName(doc, type), key: null, direct: false };
}

function checkContent(struct: Y.Item, place: Place, outline: PostmortemMaps['outline'], now: number): void {
  if (!POSTMORTEM_CLIENT_ROOTS.includes(place.root)) {
    throw new ProtocolViolation(CloseCode.forbidden, `root "${place.root}" is not writable in the postmortem document`);
  }
  const content = struct.content;
  if (content instanceof Y.ContentDeleted) return;
  const refuse = (what: string) => new ProtocolViolation(CloseCode.badMessage, `postmortem: ${what}`);
  if (place.root === PostmortemRoot.sections) {
    if (!place.direct) {
      if (content instanceof Y.ContentFormat) checkFormat(content, refuse);
      else if (!(content instanceof Y.ContentString)) throw refuse('a section holds text only');
      return;
    }
    if (place.key === null || !outline.has(place.key)) throw refuse(`no section "${place.key ?? ''}" in this postmortem`);
    if (!(content instanceof Y.ContentType && content.type instanceof Y.Text)) throw refuse('a section is a Y.Text');
    return;
  }
  const values = content instanceof Y.ContentAny ? content.getContent() : null;
  if (!values || !place.direct) throw refuse(`"${place.root}" holds plain values only`);
  if (place.root === PostmortemRoot.highlights) {
    if (place.key !== null) throw refuse('highlights is a list');
    if (!values.every((v) => typeof v === 'string' && v.length > 0 && v.length <= Limits.idLength)) throw refuse('a highlight is an event or entry id');
    return;
  }
  if (!(IMPACT_FIELDS as readonly (string | null)[]).includes(place.key)) throw refuse(`the impact window has no "${place.key ?? ''}"`);
  if (!values.every((at) => at === null || isRecordedTime(at, now))) {
    throw refuse(`"${place.key}" must be a time from 2000-01-01 to a day ahead of the server's clock`);
  }
}

function checkFormat(content: Y.ContentFormat, refuse: (what: string) => ProtocolViolation): void {
  const { key, value } = content;
  if (isAllowedFormat(key, value)) return;
  // A close reason is at most 123 bytes: what the sender wrote is cut short and kept to ASCII.
  const shown = (text: string) => text.replace(/[^\x20-\x7e]/g, '?').slice(0, 24);
  if (!(RICH_TEXT_FORMATS as readonly string[]).includes(key)) throw refuse(`a section has no format "${shown(key)}"`);
  if (key === 'link') throw refuse('a link must be an http:, https: or mailto: address');
  throw refuse(`format "${key}" cannot be ${shown(JSON.stringify(value) ?? typeof value)}`);
}

/**
 * Deletions of changes the server does not have would be parked forever as a pending delete
 * set; deletions outside the client roots would undo the server's writes.
 */
function checkDeletes(ds: DeleteSet, ranges: Map<number, { from: number; to: number }>, room: Room): void {
  for (const [client, items] of ds.clients) {
    const inDoc = Y.getState(room.doc.store, client);
    const known = Math.max(inDoc, ranges.get(client)?.to ?? 0);
    for (const item of items) {
      const end = item.clock + item.len;
      if (end > known) throw new MissingChanges(`update deletes changes the server does not have (client ${client})`);
      // Items of this update were placed by checkPlaces; those in the document are walked here.
      for (let clock = item.clock; clock < Math.min(end, inDoc); ) {
        const struct = Y.getItem(room.doc.store, Y.createID(client, clock)) as Y.Item | Y.GC;
        if (struct instanceof Y.Item && !POSTMORTEM_CLIENT_ROOTS.includes(rootName(room.doc, struct.parent as Y.AbstractType<unknown>))) {
          throw new ProtocolViolation(CloseCode.forbidden, 'update deletes what only the server writes in the postmortem document');
        }
        clock = struct.id.clock + struct.length;
      }
    }
  }
}

function bindClients(ranges: Map<number, { from: number; to: number }>, room: Room, stateRoom: Room, principal: Principal): void {
  const clients = stateMaps(stateRoom.doc).clients;
  const unbound: number[] = [];
  for (const [client, { to }] of ranges) {
    if (to <= Y.getState(room.doc.store, client)) continue;
    // The server's own writes (outline, review) carry this id: nobody may write as the server.
    if (client === room.doc.clientID) throw new ProtocolViolation(CloseCode.forbidden, `Yjs client id ${client} is the server's`);
    const owner = clients.get(String(client));
    if (owner === undefined) unbound.push(client);
    else if (owner !== principal.userId) throw new ProtocolViolation(CloseCode.forbidden, `Yjs client id ${client} belongs to another user`);
  }
  if (unbound.length === 0) return;
  if (unbound.length > MAX_NEW_CLIENTS_PER_UPDATE) throw new ProtocolViolation(CloseCode.badMessage, `update introduces ${unbound.length} Yjs client ids`);
  let owned = 0;
  for (const owner of clients.values()) if (owner === principal.userId) owned++;
  if (owned + unbound.length > MAX_CLIENTS_PER_USER) throw new ProtocolViolation(CloseCode.badMessage, 'too many Yjs client ids for one user in this document');
  stateRoom.change(principal.userId, () => {
    for (const client of unbound) clients.set(String(client), principal.userId);
  });
}

/** The name of the root a type is, or is inside. */
function rootName(doc: Y.Doc, type: Y.AbstractType<unknown>): string {
  let root = type;
  while (root._item) root = root._item.parent as Y.AbstractType<unknown>;
  for (const [name, shared] of doc.share) if (shared === root) return name;
  return '';
}
