/**
 * Presence is decoration, never authority. This rewrites a client's awareness update so that
 * every state it announces carries the identity the server authenticated, and drops entries
 * for client ids that another connection already announced. Roles are never read from here.
 */
import * as decoding from 'lib0/decoding';
import { equalityDeep } from 'lib0/function';
import type { Awareness } from 'y-protocols/awareness';
import type { Principal } from '../../shared/access.ts';
import { CloseCode } from '../../shared/closeCodes.ts';
import { ProtocolViolation } from './messages.ts';
import type { PresenceOwners } from './PresenceOwners.ts';

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

/**
 * Applies vetted entries to the room's awareness with the same rules as y-protocols'
 * applyAwarenessUpdate (newer clock wins; a removal at the same clock wins), without encoding
 * them and parsing them again: presence from hundreds of people is a hot path.
 */
export function applyPresence(awareness: Awareness, entries: PresenceEntry[], origin: unknown, now: number): void {
  const added: number[] = [];
  const updated: number[] = [];
  const changed: number[] = [];
  const removed: number[] = [];
  for (const { clientId, clock, state } of entries) {
    const previous = awareness.states.get(clientId);
    const currentClock = awareness.meta.get(clientId)?.clock ?? 0;
    if (!(currentClock < clock || (currentClock === clock && state === null && previous !== undefined))) continue;
    if (state === null) awareness.states.delete(clientId);
    else awareness.states.set(clientId, state);
    awareness.meta.set(clientId, { clock, lastUpdated: now });
    if (previous === undefined && state !== null) added.push(clientId);
    else if (previous !== undefined && state === null) removed.push(clientId);
    else if (state !== null) {
      updated.push(clientId);
      if (!equalityDeep(state, previous)) changed.push(clientId);
    }
  }
  if (added.length || changed.length || removed.length) awareness.emit('change', [{ added, updated: changed, removed }, origin]);
  if (added.length || updated.length || removed.length) awareness.emit('update', [{ added, updated, removed }, origin]);
}

/**
 * Keeps only the entries the sender may speak for, with `user` set to the sender's identity.
 * `owners` is the room's record of which connection announced which client id; a new id is
 * claimed for `self` here, up to a few per connection (one per tab is the normal case).
 *
 * A stock provider sends back every presence state it received, other people's included. An
 * echo of someone who has just left arrives for an id nobody owns any more; claiming it would
 * hand that person's id to the echoing connection, and their own announcements, once they are
 * back, would be dropped as someone else's (a flaky browser test found it). So an id the room
 * has seen (`seen`) is not claimed by an entry that names another person.
 */
export function vetPresence<C>(
  entries: PresenceEntry[],
  user: PresenceUser,
  self: C,
  owners: Pick<PresenceOwners<C>, 'owner' | 'count' | 'claim'>,
  reserved: number,
  seen: (clientId: number) => boolean,
): PresenceEntry[] {
  const kept: PresenceEntry[] = [];
  for (const entry of entries) {
    // The server's own client id in this document is nobody's to speak for.
    if (entry.clientId === reserved) continue;
    const owner = owners.owner(entry.clientId);
    if (owner !== undefined && owner !== self) continue;
    if (owner === undefined) {
      if (entry.state === null || owners.count(self) >= MAX_PRESENCE_IDS_PER_CONNECTION) continue;
      if (seen(entry.clientId) && namesSomeoneElse(entry.state, user)) continue;
      owners.claim(entry.clientId, self);
    }
    kept.push({ ...entry, state: entry.state && { ...entry.state, user } });
  }
  return kept;
}

function namesSomeoneElse(state: Record<string, unknown>, user: PresenceUser): boolean {
  const named = state.user as { id?: unknown } | undefined;
  return typeof named === 'object' && named !== null && named.id !== undefined && named.id !== user.id;
}
