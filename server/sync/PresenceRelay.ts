/**
 * A room's presence (awareness): who announced which client id, vetting what a connection
 * announces, and relaying changes in batches. Presence is decoration, never authority (DESIGN):
 * a connection speaks only for the ids it announced first, under its authenticated identity.
 *
 * Presence is batched: with N people each moving a cursor, relaying every change to everyone
 * costs N² messages; one message per batch interval carries all of them.
 */
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { ServerLimits } from '../config.ts';
import type { ClusterLink } from './ClusterLink.ts';
import type { Connection } from './Connection.ts';
import { encodeAwareness } from './messages.ts';
import { applyPresence, decodeAwarenessUpdate, vetPresence } from './awarenessIdentity.ts';
import { ELSEWHERE, PresenceOwners } from './PresenceOwners.ts';

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

export interface PresenceRelayDeps {
  cluster: ClusterLink | null;
  now: () => number;
  limits: Pick<ServerLimits, 'presenceBatchMs'>;
  /** Sends to every connection of the room, if it has any. */
  broadcast: (message: Uint8Array) => void;
}

export class PresenceRelay {
  private readonly awareness: awarenessProtocol.Awareness;
  private readonly owners = new PresenceOwners<Connection>();
  /** Presence changes waiting for the next batch: one message for many changes and receivers. */
  private readonly pending = new Set<number>();
  /** The part of `pending` announced here, which other nodes must hear of. */
  private readonly local = new Set<number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly name: string,
    private readonly doc: Y.Doc,
    private readonly deps: PresenceRelayDeps,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
  }

  /** Starts relaying changes. */
  start(): void {
    this.awareness.on('update', this.onUpdate);
  }

  get size(): number {
    return this.awareness.getStates().size;
  }

  /** Everyone's presence state by client id, from this node and others. */
  states(): ReadonlyMap<number, Record<string, unknown>> {
    return this.awareness.getStates();
  }

  /** Calls listener with the ids removed on every change; stops when the room is destroyed. */
  onChange(listener: (change: { removed: number[] }) => void): void {
    this.awareness.on('change', listener);
    this.awareness.on('destroy', () => this.awareness.off('change', listener));
  }

  /** Everyone's presence as one message. */
  message(): Uint8Array {
    return encodeAwareness(this.awareness, [...this.awareness.getStates().keys()]);
  }

  /** What a connection announces: kept only for the ids it may speak for, under its identity. */
  announce(connection: Connection, update: Uint8Array): void {
    const { principal } = connection;
    const user = { id: principal.userId, name: principal.name, access: principal.access };
    const kept = vetPresence(decodeAwarenessUpdate(update), user, connection, this.owners, this.doc.clientID, (id) => this.awareness.meta.has(id));
    for (const entry of kept) {
      // A client back from a disconnect re-announces with its old clock, but everyone saw its
      // removal at a higher one and would ignore it until its next heartbeat: relay it newer.
      const meta = this.awareness.meta.get(entry.clientId);
      if (entry.state !== null && meta && !this.awareness.states.has(entry.clientId) && entry.clock <= meta.clock) entry.clock = meta.clock + 1;
    }
    if (kept.length > 0) applyPresence(this.awareness, kept, connection, this.deps.now());
  }

  /** The connection left: its presence goes with it. */
  release(connection: Connection): void {
    const owned = this.owners.release(connection);
    if (owned.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, owned, connection);
  }

  /** Presence announced through another node. */
  applyRelayed(update: Uint8Array): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, ELSEWHERE);
  }

  destroy(): void {
    this.awareness.off('update', this.onUpdate);
    if (this.timer) clearTimeout(this.timer);
    this.awareness.destroy();
  }

  private readonly onUpdate = ({ added, updated, removed }: AwarenessChange, origin: unknown): void => {
    const local = origin !== ELSEWHERE;
    for (const ids of [added, updated, removed]) {
      for (const id of ids) {
        this.pending.add(id);
        if (local) this.local.add(id);
        else if (ids === removed) this.owners.goneElsewhere(id);
        else this.owners.seenElsewhere(id);
      }
    }
    if (this.pending.size === 0 || this.timer) return;
    if (this.deps.limits.presenceBatchMs === 0) return this.flush();
    this.timer = setTimeout(() => this.flush(), this.deps.limits.presenceBatchMs);
  };

  private flush(): void {
    this.timer = null;
    const changed = [...this.pending];
    const local = [...this.local];
    this.pending.clear();
    this.local.clear();
    if (this.doc.isDestroyed) return;
    if (changed.length > 0) this.deps.broadcast(encodeAwareness(this.awareness, changed));
    if (local.length > 0) this.deps.cluster?.publishPresence(this.name, awarenessProtocol.encodeAwarenessUpdate(this.awareness, local));
  }
}
