/**
 * What a responder may send into an incident's responder document. Refuses, before anything
 * is stored:
 * - updates that depend on changes the server does not have (far-future clocks or skipped
 *   ranges), which Yjs would otherwise park as pending structs that grow memory forever;
 * - content under a root type that is not part of the responder schema, so a client cannot
 *   grow shadow state that some reader might trust;
 * - content written with a Yjs client id that the server already bound to another user,
 *   because authorship shown in the room is derived from that binding;
 * - items that refer to a later change of their own client, which make Yjs throw halfway;
 * - times (RESPONDER_TIME_FIELDS) that are not numbers in TimeRange: issue 11, a finite time no
 *   Date can hold made every reader throw.
 * New client ids are bound to the sender in the state document, in the same transaction.
 */
import * as Y from 'yjs';
import { ClockRangeMap, findItem } from './yjsStructs.ts';
import type { Principal } from '../../shared/access.ts';
import { CloseCode } from '../../shared/closeCodes.ts';
import { RESPONDER_ROOT_KEYED, RESPONDER_TIME_FIELDS } from '../../shared/documents.ts';
import { isRecordedTime } from '../../shared/limits.ts';
import { stateMaps } from '../../shared/stateDoc.ts';
import { MissingChanges, ProtocolViolation } from './messages.ts';
import { refuseForwardReferences } from './updateReferences.ts';
import type { Room, UpdatePolicy } from './Room.ts';

/** More distinct new client ids than one person's tabs and offline sessions plausibly make. */
export const MAX_NEW_CLIENTS_PER_UPDATE = 16;
export const MAX_CLIENTS_PER_USER = 256;
/** transcript > entry map > text is 3 deep; anything far deeper is an attack on recursion. */
export const MAX_NESTING_DEPTH = 8;

export class ResponderDocPolicy implements UpdatePolicy {
  /** stateRoomOf gives the loaded state document, which stays loaded while a responder document is. */
  constructor(
    private readonly stateRoomOf: (incidentId: string) => Room | undefined,
    private readonly now: () => number,
  ) {}

  admit(room: Room, update: Uint8Array, principal: Principal): void {
    const decoded = decode(update);
    refuseForwardReferences(decoded.structs);
    const ranges = clockRanges(decoded.structs, room);
    checkDeletes(decoded.ds, ranges, room);
    checkNesting(decoded.structs, room);
    checkTimes(decoded.structs, room, this.now());
    const stateRoom = this.stateRoomOf(room.incidentId);
    if (!stateRoom) throw new Error(`state document of ${room.incidentId} is not loaded`);
    const clients = stateMaps(stateRoom.doc).clients;
    const unbound: number[] = [];
    for (const [client, { from, to }] of ranges) {
      const known = Y.getState(room.doc.store, client);
      if (from > known) {
        throw new MissingChanges(`update depends on changes the server does not have (client ${client})`);
      }
      if (to <= known) continue;
      const owner = clients.get(String(client));
      if (owner === undefined) unbound.push(client);
      else if (owner !== principal.userId) {
        throw new ProtocolViolation(CloseCode.forbidden, `Yjs client id ${client} belongs to another user`);
      }
    }
    if (unbound.length > MAX_NEW_CLIENTS_PER_UPDATE) {
      throw new ProtocolViolation(CloseCode.badMessage, `update introduces ${unbound.length} Yjs client ids`);
    }
    if (unbound.length > 0) {
      let owned = 0;
      for (const owner of clients.values()) if (owner === principal.userId) owned++;
      if (owned + unbound.length > MAX_CLIENTS_PER_USER) {
        throw new ProtocolViolation(CloseCode.badMessage, 'too many Yjs client ids for one user in this document');
      }
      stateRoom.change(principal.userId, () => {
        for (const client of unbound) clients.set(String(client), principal.userId);
      });
    }
  }
}

function decode(update: Uint8Array): ReturnType<typeof Y.decodeUpdate> {
  try {
    return Y.decodeUpdate(update);
  } catch {
    throw new ProtocolViolation(CloseCode.badMessage, 'malformed Yjs update');
  }
}

/** Checks every struct's root and returns, per client id, the clock range the update covers. */
function clockRanges(structs: ReturnType<typeof Y.decodeUpdate>['structs'], room: Room): Map<number, { from: number; to: number }> {
  const ranges = new Map<number, { from: number; to: number }>();
  for (const struct of structs) {
    const { client, clock } = struct.id;
    const range = ranges.get(client);
    if (range) range.to = Math.max(range.to, clock + struct.length);
    else ranges.set(client, { from: clock, to: clock + struct.length });
    if (struct instanceof Y.Skip) {
      throw new ProtocolViolation(CloseCode.badMessage, 'update skips over changes the server does not have');
    }
    if (!(struct instanceof Y.Item) || typeof struct.parent !== 'string') continue;
    // Content the document already holds (a client resending its stored copy) was vetted when it came.
    if (clock + struct.length <= Y.getState(room.doc.store, client)) continue;
    const keyed = Object.hasOwn(RESPONDER_ROOT_KEYED, struct.parent) ? RESPONDER_ROOT_KEYED[struct.parent] : undefined;
    if (keyed === undefined || keyed !== (struct.parentSub !== null)) {
      throw new ProtocolViolation(CloseCode.forbidden, `root "${struct.parent}" is not writable in the responder document`);
    }
  }
  return ranges;
}

type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

/** Deletions of changes the server does not have would be parked forever as a pending delete set. */
function checkDeletes(ds: DecodedUpdate['ds'], ranges: Map<number, { from: number; to: number }>, room: Room): void {
  for (const [client, items] of ds.clients) {
    const known = Math.max(Y.getState(room.doc.store, client), ranges.get(client)?.to ?? 0);
    for (const item of items) {
      if (item.clock + item.len > known) {
        throw new MissingChanges(`update deletes changes the server does not have (client ${client})`);
      }
    }
  }
}

/**
 * Refuses types nested deeper than MAX_NESTING_DEPTH, which would attack every recursive
 * reader (toJSON, exports). An item's container is a root, a type (by explicit parent id), or
 * the container of its origin; each may be in this update or already in the document.
 */
function checkNesting(structs: DecodedUpdate['structs'], room: Room): void {
  const containerDepth = new ClockRangeMap();
  const depthInDoc = (type: Y.AbstractType<unknown> | null): number => {
    let depth = 0;
    for (let t = type; t; t = t._item ? (t._item.parent as Y.AbstractType<unknown>) : null) depth++;
    return depth;
  };
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const parent = struct.parent as unknown;
    let depth: number;
    if (typeof parent === 'string') depth = 1;
    else if (parent instanceof Y.ID) {
      const inUpdate = containerDepth.get(parent);
      const existing = inUpdate === undefined ? findItem(room, parent) : null;
      depth = inUpdate !== undefined ? inUpdate + 1 : existing?.content instanceof Y.ContentType ? depthInDoc(existing.content.type) : 1;
    } else {
      const anchor = struct.origin ?? struct.rightOrigin;
      const inUpdate = anchor ? containerDepth.get(anchor) : undefined;
      const existing = anchor && inUpdate === undefined ? findItem(room, anchor) : null;
      depth = inUpdate ?? (existing ? depthInDoc(existing.parent as Y.AbstractType<unknown>) : 1);
    }
    if (depth > MAX_NESTING_DEPTH) throw new ProtocolViolation(CloseCode.badMessage, `types nested deeper than ${MAX_NESTING_DEPTH}`);
    containerDepth.set(struct.id, struct.length, depth);
  }
}

/**
 * Refuses a time field set to anything but a time in TimeRange. A map entry names its key only
 * when it is the key's first value; a later value of the key names the previous one as its
 * origin, in this update or in the document.
 */
function checkTimes(structs: DecodedUpdate['structs'], room: Room, now: number): void {
  const keyOf = new ClockRangeMap<string>();
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    if (struct.id.clock + struct.length <= Y.getState(room.doc.store, struct.id.client)) continue;
    let key = struct.parentSub;
    if (key === null && struct.parent === null && struct.origin) {
      key = keyOf.get(struct.origin) ?? findItem(room, struct.origin)?.parentSub ?? null;
    }
    if (key === null || !RESPONDER_TIME_FIELDS.includes(key)) continue;
    keyOf.set(struct.id, struct.length, key);
    if (struct.content instanceof Y.ContentDeleted) continue;
    const values = struct.content instanceof Y.ContentAny ? struct.content.getContent() : [undefined];
    if (!values.every((at) => isRecordedTime(at, now))) {
      throw new ProtocolViolation(CloseCode.badMessage, `"${key}" must be a time from 2000-01-01 to a day ahead of the server's clock`);
    }
  }
}
