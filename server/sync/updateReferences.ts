/**
 * Refuses a Yjs update with an item that points at its own client's clock at or after itself
 * (as origin, right origin or parent). Yjs takes such a reference as already applied and throws
 * halfway through the update, when earlier items of it are already in the document; the room
 * was then dropped, closing everyone in it. Found by the protocol fuzzer (issue 11): one
 * responder's malformed message disconnected the whole room.
 */
import * as Y from 'yjs';
import { CloseCode } from '../../shared/closeCodes.ts';
import { ProtocolViolation } from './messages.ts';

export function refuseForwardReferences(structs: ReturnType<typeof Y.decodeUpdate>['structs']): void {
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const { client, clock } = struct.id;
    for (const ref of [struct.origin, struct.rightOrigin, struct.parent]) {
      if (ref instanceof Y.ID && ref.client === client && ref.clock >= clock) {
        throw new ProtocolViolation(CloseCode.badMessage, `malformed Yjs update: item ${client}:${clock} refers to a later change of its own`);
      }
    }
  }
}
