/**
 * Presence is decoration, never authority. This rewrites a client's awareness update so that
 * every state it announces carries the identity the server authenticated, and drops entries
 * for client ids that another connection already announced. Roles are never read from here.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Principal } from '../../shared/access.ts';
import { CloseCode } from '../../shared/closeCodes.ts';
import { ProtocolViolation } from './messages.ts';

/** The identity attached to presence, as the client reads it from `state.user`. */
export interface PresenceUser {
  id: string;
  name: string;
  access: Principal['access'];
}

export const MAX_PRESENCE_IDS_PER_CONNECTION = 4;
export const MAX_PRESENCE_STATE_BYTES = 8 * 1024;

export interface PresenceEntry {
  clientId: number;
  clock: number;
  state: Record<string, unknown> | null;
}

export function decodeAwarenessUpdate(update: Uint8Array): PresenceEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: PresenceEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    if (json.length > MAX_PRESENCE_STATE_BYTES) throw new ProtocolViolation(CloseCode.badMessage, 'presence state too large');
    let state: unknown;
    try {
      state = JSON.parse(json);
    } catch {
      throw new ProtocolViolation(CloseCode.badMessage, 'presence state is not JSON');
    }
    if (state !== null && (typeof state !== 'object' || Array.isArray(state))) {
      throw new ProtocolViolation(CloseCode.badMessage, 'presence state must be an object or null');
    }
    entries.push({ clientId, clock, state: state as PresenceEntry['state'] });
  }
  return entries;
}

export function encodeAwarenessEntries(entries: PresenceEntry[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(e, entry.clientId);
    encoding.writeVarUint(e, entry.clock);
    encoding.writeVarString(e, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(e);
}

/**
 * Keeps only the entries the sender may speak for, with `user` set to the sender's identity.
 * `owners` is the room's record of which connection announced which client id; a new id is
 * claimed for `self` here, up to a few per connection (one per tab is the normal case).
 */
export function vetPresence<C>(entries: PresenceEntry[], user: PresenceUser, self: C, owners: Map<number, C>): PresenceEntry[] {
  const kept: PresenceEntry[] = [];
  for (const entry of entries) {
    const owner = owners.get(entry.clientId);
    if (owner !== undefined && owner !== self) continue;
    if (owner === undefined) {
      if (entry.state === null || ownedBy(owners, self) >= MAX_PRESENCE_IDS_PER_CONNECTION) continue;
      owners.set(entry.clientId, self);
    }
    kept.push({ ...entry, state: entry.state && { ...entry.state, user } });
  }
  return kept;
}

function ownedBy<C>(owners: Map<number, C>, self: C): number {
  let n = 0;
  for (const owner of owners.values()) if (owner === self) n++;
  return n;
}
