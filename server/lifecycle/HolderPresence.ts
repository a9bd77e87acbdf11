/**
 * Whether a role holder is here, and since when they have been away (issue 12: a commander
 * whose laptop died froze the incident). "Here" means a live connection to one of the
 * incident's documents: a connection on this node, or a presence entry in the responder
 * document's room, which includes people connected through other nodes.
 *
 * Departures are timestamped by watching each loaded responder room's presence. A room is
 * watched from when this node first sees it loaded (a sweep, each second, and every question),
 * so what happened before that is unknown: a holder never seen here counts as away from the
 * later of their assignment and the start of watching, never earlier. That errs towards
 * leaving a role with someone who may still be there.
 */
import { responderDocName, stateDocName } from '../../shared/documents.ts';
import type { Room } from '../sync/Room.ts';
import type { RoomRegistry } from '../sync/RoomRegistry.ts';

/** The question the role rescue asks; see RoomPresenceWatch. */
export interface HolderPresence {
  /** When `userId` was last connected to the incident's documents, or null while they are connected. */
  awaySince(incidentId: string, userId: string, assignedAt: number): Promise<number | null>;
}

/** How often newly loaded rooms are looked for, so that departures are seen as they happen. */
const SWEEP_MS = 1000;
/** Sightings of incidents nobody has been in for this long are forgotten, so memory stays bounded. */
const FORGET_AFTER_MS = 24 * 3600 * 1000;

interface Sightings {
  /** When this node began watching the incident's responder room. */
  watchedSince: number;
  /** User id to when they were last seen connected. */
  lastSeen: Map<string, number>;
  lastActivity: number;
}

export class RoomPresenceWatch implements HolderPresence {
  private readonly watched = new WeakSet<Room>();
  private readonly incidents = new Map<string, Sightings>();
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly registry: RoomRegistry,
    private readonly now: () => number,
  ) {}

  start(): void {
    if (this.sweepTimer) return;
    this.sweepTimer = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweepTimer.unref();
  }

  stop(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
  }

  async awaySince(incidentId: string, userId: string, assignedAt: number): Promise<number | null> {
    const responder = await this.registry.get(responderDocName(incidentId));
    this.registry.touch(responder);
    this.watch(responder);
    const state = this.registry.peek(stateDocName(incidentId));
    if (connectedUsers(responder).has(userId) || (state && connectedUsers(state).has(userId))) return null;
    const seen = this.incidents.get(incidentId)!;
    return Math.max(assignedAt, seen.lastSeen.get(userId) ?? seen.watchedSince);
  }

  private sweep(): void {
    const now = this.now();
    for (const room of this.registry.all()) if (room.kind === 'responder') this.watch(room);
    for (const [incidentId, seen] of this.incidents) {
      if (now - seen.lastActivity > FORGET_AFTER_MS && !this.registry.peek(responderDocName(incidentId))) this.incidents.delete(incidentId);
    }
  }

  private watch(room: Room): void {
    if (this.watched.has(room)) return;
    this.watched.add(room);
    const now = this.now();
    let seen = this.incidents.get(room.incidentId);
    if (!seen) {
      seen = { watchedSince: now, lastSeen: new Map(), lastActivity: now };
      this.incidents.set(room.incidentId, seen);
    }
    const sightings = seen;
    // The presence entries' owners, kept so a removal (which carries no state) names who left.
    const userOf = new Map<number, string>();
    const note = () => {
      const at = this.now();
      sightings.lastActivity = at;
      for (const [clientId, state] of room.presence.states()) {
        const user = presenceUser(state);
        if (user) userOf.set(clientId, user);
      }
      for (const user of connectedUsers(room)) sightings.lastSeen.set(user, at);
    };
    const onChange = ({ removed }: { removed: number[] }) => {
      const at = this.now();
      for (const clientId of removed) {
        const user = userOf.get(clientId);
        userOf.delete(clientId);
        if (user) sightings.lastSeen.set(user, at);
      }
      note();
    };
    note();
    room.presence.onChange(onChange);
  }
}

function presenceUser(state: unknown): string | null {
  const user = (state as { user?: { id?: unknown } } | null)?.user;
  return typeof user?.id === 'string' ? user.id : null;
}

/** Everyone with a connection to this room here, or a presence entry from any node. */
function connectedUsers(room: Room): Set<string> {
  const users = new Set<string>();
  for (const principal of room.principals()) users.add(principal.userId);
  for (const state of room.presence.states().values()) {
    const user = presenceUser(state);
    if (user) users.add(user);
  }
  return users;
}
