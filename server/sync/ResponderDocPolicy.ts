/**
 * What a responder may send into an incident's responder document. Refuses, before anything
 * is stored:
 * - updates that depend on changes the server does not have (far-future clocks or skipped
 *   ranges), which Yjs would otherwise park as pending structs that grow memory forever;
 * - content under a root type that is not part of the responder schema, so a client cannot
 *   grow shadow state that some reader might trust;
 * - content written with a Yjs client id that the server already bound to another user,
 *   because authorship shown in the room is derived from that binding.
 * New client ids are bound to the sender in the state document, in the same transaction.
 */
import * as Y from 'yjs';
import type { Principal } from '../../shared/access.ts';
import { CloseCode } from '../../shared/closeCodes.ts';
import { RESPONDER_ROOTS, stateDocName } from '../../shared/documents.ts';
import { stateMaps } from '../../shared/stateDoc.ts';
import { ProtocolViolation } from './messages.ts';
import type { Room, UpdatePolicy } from './Room.ts';

export class ResponderDocPolicy implements UpdatePolicy {
  constructor(private readonly stateRoomOf: (incidentId: string) => Room) {}

  admit(room: Room, update: Uint8Array, principal: Principal): void {
    const ranges = clockRanges(decode(update).structs);
    const stateRoom = this.stateRoomOf(room.incidentId);
    const clients = stateMaps(stateRoom.doc).clients;
    const unbound: number[] = [];
    for (const [client, { from, to }] of ranges) {
      const known = Y.getState(room.doc.store, client);
      if (from > known) {
        throw new ProtocolViolation(CloseCode.badMessage, `update depends on changes the server does not have (client ${client})`);
      }
      if (to <= known) continue;
      const owner = clients.get(String(client));
      if (owner === undefined) unbound.push(client);
      else if (owner !== principal.userId) {
        throw new ProtocolViolation(CloseCode.forbidden, `Yjs client id ${client} belongs to another user`);
      }
    }
    if (unbound.length > 0) {
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
function clockRanges(structs: ReturnType<typeof Y.decodeUpdate>['structs']): Map<number, { from: number; to: number }> {
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
    if (!RESPONDER_ROOTS.includes(struct.parent) || struct.parentSub !== null) {
      throw new ProtocolViolation(CloseCode.forbidden, `root "${struct.parent}" is not writable in the responder document`);
    }
  }
  return ranges;
}
