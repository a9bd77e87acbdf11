/**
 * One Yjs document in memory with its presence and its connections. The invariant a room
 * keeps: every change to the document is appended to the update log, and reaches anyone else
 * (another connection, another node, a sync reply) only after that append has committed
 * ("stored before relayed").
 *
 * The parts: RoomStorage (storing, catching up, compaction, size), UpdateRelay (stored updates
 * out to connections), PresenceRelay (presence and who owns it). The connections are held here
 * alone; policy code reads their principals and closes them through `closeConnections`.
 */
import * as Y from 'yjs';
import type { Principal } from '../../shared/access.ts';
import type { DocumentKind } from '../../shared/documents.ts';
import { CloseCode } from '../../shared/closeCodes.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';
import type { UpdateLog } from '../storage/updateLog.ts';
import type { ServerLimits } from '../config.ts';
import { encodeSyncStep2, isEmptyStateVector, ProtocolViolation } from './messages.ts';
import type { Connection } from './Connection.ts';
import type { ClusterLink } from './ClusterLink.ts';
import type { ServerMetrics } from '../metrics/ServerMetrics.ts';
import { RoomStorage, STORED } from './RoomStorage.ts';
import type { WriteOrigin } from './RoomStorage.ts';
import { UpdateRelay } from './UpdateRelay.ts';
import { PresenceRelay } from './PresenceRelay.ts';

export { STORED };
export type { WriteOrigin };

/** Vets a client's update before it is applied; throws a ProtocolViolation to refuse it. */
export interface UpdatePolicy {
  admit(room: Room, update: Uint8Array, principal: Principal): void;
}

export interface RoomDeps {
  db: SqlDatabase;
  updateLog: UpdateLog;
  /** Stores dirty rooms in batches: called when this room has updates waiting to be stored. */
  markDirty: (room: Room) => void;
  cluster: ClusterLink | null;
  now: () => number;
  limits: Pick<ServerLimits, 'docBytes' | 'compactAfterUpdates' | 'presenceBatchMs'>;
  policy: UpdatePolicy | null;
  /** Called when the room can no longer be trusted to match storage and must be dropped. */
  onBroken: (room: Room, error: unknown) => void;
  onIdle: (room: Room) => void;
  onCompactionFailed: (room: Room, error: unknown) => void;
  metrics: Pick<ServerMetrics, 'relayed' | 'catchUpRead'>;
}

export class Room {
  readonly doc: Y.Doc;
  readonly presence: PresenceRelay;
  private readonly storage: RoomStorage;
  private readonly relay: UpdateRelay;
  private readonly connections = new Set<Connection>();
  /**
   * The answer to a client that holds nothing yet (every fresh tab, every stakeholder), encoded
   * once per version of the document instead of once per client: dropped by every change to
   * the document, whatever its origin, and when the last connection leaves.
   */
  private wholeDocument: Uint8Array | null = null;

  constructor(
    readonly name: string,
    readonly incidentId: string,
    readonly kind: DocumentKind,
    private readonly deps: RoomDeps,
  ) {
    // A guid of our own: a random one costs dozens of crypto calls per room load.
    this.doc = new Y.Doc({ guid: name });
    this.presence = new PresenceRelay(name, this.doc, {
      cluster: deps.cluster,
      now: deps.now,
      limits: deps.limits,
      broadcast: (message) => {
        if (this.connections.size > 0) this.broadcast(message, null);
      },
    });
    this.relay = new UpdateRelay(
      () => !this.doc.isDestroyed && this.connections.size > 0,
      (message, except) => this.broadcast(message, except),
    );
    this.storage = new RoomStorage(name, this.doc, {
      db: deps.db,
      updateLog: deps.updateLog,
      markDirty: () => deps.markDirty(this),
      cluster: deps.cluster,
      now: deps.now,
      limits: deps.limits,
      onStored: (merged, except) => this.relay.now(merged, except),
      onBroken: (error) => this.fail(error),
      onCompactionFailed: (error) => deps.onCompactionFailed(this, error),
      metrics: deps.metrics,
    });
  }

  /** The number of the newest stored update the document holds. */
  get head(): number {
    return this.storage.head;
  }

  /** Applies the stored log. Throws if it cannot be read; the room is then never served. */
  async load(): Promise<void> {
    await this.storage.load();
    this.doc.on('update', this.onDocUpdate);
    this.presence.start();
  }

  /** A client's update: vetted and applied now, stored with this turn's batch, then relayed. */
  applyClientUpdate(update: Uint8Array, connection: Connection): void {
    if (this.isFull(update.length)) throw new ProtocolViolation(CloseCode.documentTooLarge, 'document size limit reached');
    this.deps.policy?.admit(this, update, connection.principal);
    Y.applyUpdate(this.doc, update, { author: connection.principal.userId, connection } satisfies WriteOrigin);
  }

  /** Whether storing `more` bytes would take the document past MAX_DOC_BYTES. */
  isFull(more = 0): boolean {
    return this.storage.isFull(more);
  }

  /**
   * Keeps the room loaded while a server-side writer works on it across awaits (catching up under
   * the lock, then changing it): unloaded in between, its change would land on a destroyed
   * document and never be stored. Call the answer once done.
   */
  hold(): () => void {
    return this.storage.hold();
  }

  /**
   * Something is being written to it: a writer holds it, or updates are waiting for or inside a
   * transaction. Unloaded then, a reload on another database connection would miss the
   * uncommitted writes (PostgreSQL), and the next change would build on a stale document.
   */
  get busy(): boolean {
    return this.storage.busy;
  }

  /** A server-side change (commands); fn must validate before it mutates anything. */
  change<T>(author: string, fn: () => T): T {
    let result!: T;
    this.doc.transact(() => {
      result = fn();
    }, { author, connection: null } satisfies WriteOrigin);
    return result;
  }

  /** Runs reply once everything this document holds in memory is stored. */
  whenStored(reply: () => void): void {
    this.storage.whenStored(reply);
  }

  /** The answer to a sync step 1: what the document holds beyond `stateVector`. Call it from whenStored. */
  syncStep2(stateVector: Uint8Array): Uint8Array {
    if (!isEmptyStateVector(stateVector)) return encodeSyncStep2(this.doc, stateVector);
    return (this.wholeDocument ??= encodeSyncStep2(this.doc, stateVector));
  }

  /** Appends what is waiting to the log inside the caller's transaction; see RoomStorage.store. */
  store(): Promise<number> {
    return this.storage.store();
  }

  /**
   * Brings the document up to what storage holds. With `lock`, inside a transaction, also
   * keeps anyone else from appending until it ends: a command then decides on the latest state.
   */
  catchUp(lock = false): Promise<void> {
    return this.storage.catchUp(lock);
  }

  /** An update another node stored as numbers first..last; a gap before it is read from storage. */
  applyRelayed(first: number, last: number, update: Uint8Array): void {
    this.storage.applyRelayed(first, last, update);
  }

  /** Another node stored updates up to `head` without publishing them: read them from storage. */
  applyRelayedHead(head: number): void {
    this.storage.applyRelayedHead(head);
  }

  /** Presence announced through another node. */
  applyRelayedPresence(update: Uint8Array): void {
    if (this.doc.isDestroyed) return;
    this.presence.applyRelayed(update);
  }

  /** Writes a snapshot so that loading reads it instead of the whole log; see RoomStorage.compact. */
  compact(): Promise<void> {
    return this.storage.compact();
  }

  /** The room's memory may differ from storage: it is dropped, and its clients resync from the log. */
  fail(error: unknown): void {
    this.deps.onBroken(this, error);
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Who is connected here, one entry per connection. */
  *principals(): IterableIterator<Principal> {
    for (const c of this.connections) yield c.principal;
  }

  /** Closes every connection, or those whose principal matches; answers how many it closed. */
  closeConnections(code: number, reason: string, match?: (principal: Principal) => boolean): number {
    let closed = 0;
    for (const c of [...this.connections]) {
      if (match && !match(c.principal)) continue;
      c.close(code, reason);
      closed++;
    }
    return closed;
  }

  add(connection: Connection): void {
    this.connections.add(connection);
  }

  remove(connection: Connection): void {
    if (!this.connections.delete(connection)) return;
    this.presence.release(connection);
    if (this.connections.size > 0) return;
    this.wholeDocument = null;
    this.deps.onIdle(this);
  }

  destroy(): void {
    this.wholeDocument = null;
    this.doc.off('update', this.onDocUpdate);
    this.presence.destroy();
    this.doc.destroy();
  }

  private broadcast(message: Uint8Array, except: Connection | null): void {
    for (const c of this.connections) if (c !== except) c.send(message);
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.wholeDocument = null;
    if (origin === STORED) this.relay.later(update, null);
    else this.storage.record(update, origin as WriteOrigin);
  };
}

export const ROOM_BROKEN_REASON = 'the server could not store a change';
export const ROOM_BROKEN_CODE = CloseCode.internalError;
