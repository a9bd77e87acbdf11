/**
 * One Yjs document in memory with its presence and its connections. The invariant this class
 * keeps: every change to the document is appended to the update log, and reaches anyone else
 * (another connection, another node, a sync reply) only after that append has committed
 * ("stored before relayed").
 *
 * `head` is the number of the newest stored update this document holds; the document holds
 * every update up to it. Updates stored by other nodes arrive through the cluster link with
 * their numbers; a gap in the numbers is filled from storage before anything later is applied.
 */
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Principal } from '../../shared/access.ts';
import type { DocumentKind } from '../../shared/documents.ts';
import { CloseCode } from '../../shared/closeCodes.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';
import type { PendingUpdate, UpdateLog } from '../storage/updateLog.ts';
import type { ServerLimits } from '../config.ts';
import { encodeAwareness, encodeUpdate, ProtocolViolation } from './messages.ts';
import type { Connection } from './Connection.ts';
import type { ClusterLink } from './ClusterLink.ts';
import type { ServerMetrics } from '../metrics/ServerMetrics.ts';

/** Who a change came from: stored as the update's author; its connection is not echoed to. */
export interface WriteOrigin {
  author: string;
  connection: Connection | null;
}

/** The origin of changes that are already stored: relayed from another node or read back from storage. */
export const STORED = Symbol('stored');

/** Marks presence entries announced through another node, which no local connection may take over. */
export const ELSEWHERE = Symbol('elsewhere');

/** Vets a client's update before it is applied; throws a ProtocolViolation to refuse it. */
export interface UpdatePolicy {
  admit(room: Room, update: Uint8Array, principal: Principal): void;
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
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
  readonly awareness: awarenessProtocol.Awareness;
  readonly connections = new Set<Connection>();
  /** Which connection announced each presence client id, so no one can speak for another. */
  readonly awarenessOwners = new Map<number, Connection | typeof ELSEWHERE>();
  head = 0;
  /**
   * Bytes in storage for this document: its whole update log (never trimmed) plus its snapshot.
   * The size limit counts both, so compaction cannot reset it (issue 11).
   */
  private logBytes = 0;
  private snapshotBytes = 0;
  private updatesSinceSnapshot = 0;
  private compactionQueued = false;
  /** Applied in memory, not yet handed to storage. */
  private unstored: PendingUpdate[] = [];
  private unstoredOrigins = new Set<Connection | null>();
  /** When the oldest of `unstored` arrived (performance.now()), for the store-to-relay latency. */
  private unstoredSince = 0;
  /** Batches handed to storage whose transaction has not ended yet. */
  private storing = 0;
  /** Server-side writers between loading the room and storing what they wrote (hold()). */
  private holds = 0;
  /** Replies that must not leave before everything in memory is stored. */
  private waitingForStorage: Array<() => void> = [];
  private catchingUp: Promise<void> | null = null;
  private catchUpAgain = false;
  /** Presence changes waiting for the next batch: one message for many changes and receivers. */
  private readonly presencePending = new Set<number>();
  /** The part of presencePending announced here, which other nodes must hear of. */
  private readonly presenceLocal = new Set<number>();
  private presenceTimer: NodeJS.Timeout | null = null;
  /** Stored updates waiting to be relayed together at the end of this turn of the event loop. */
  private relayQueue: Uint8Array[] = [];
  private relayOrigins = new Set<Connection | null>();
  private relayScheduled = false;

  constructor(
    readonly name: string,
    readonly incidentId: string,
    readonly kind: DocumentKind,
    private readonly deps: RoomDeps,
  ) {
    // A guid of our own: a random one costs dozens of crypto calls per room load.
    this.doc = new Y.Doc({ guid: name });
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
  }

  /** Applies the stored log. Throws if it cannot be read; the room is then never served. */
  async load(): Promise<void> {
    const stored = await this.deps.updateLog.load(this.name);
    const parts = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
    if (parts.length > 0) Y.applyUpdate(this.doc, parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts), STORED);
    this.head = stored.head;
    this.logBytes = stored.logBytes;
    this.snapshotBytes = stored.snapshot?.length ?? 0;
    this.updatesSinceSnapshot = stored.updates.length;
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  /** A client's update: vetted and applied now, stored with this turn's batch, then relayed. */
  applyClientUpdate(update: Uint8Array, connection: Connection): void {
    if (this.isFull(update.length)) throw new ProtocolViolation(CloseCode.documentTooLarge, 'document size limit reached');
    this.deps.policy?.admit(this, update, connection.principal);
    Y.applyUpdate(this.doc, update, { author: connection.principal.userId, connection } satisfies WriteOrigin);
  }

  /** Whether storing `more` bytes would take the document past MAX_DOC_BYTES. */
  isFull(more = 0): boolean {
    return this.logBytes + this.snapshotBytes + more > this.deps.limits.docBytes;
  }

  /**
   * Keeps the room loaded while a server-side writer works on it across awaits (catching up under
   * the lock, then changing it): unloaded in between, its change would land on a destroyed
   * document and never be stored. Call the answer once done.
   */
  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
    };
  }

  /**
   * Something is being written to it: a writer holds it, or updates are waiting for or inside a
   * transaction. Unloaded then, a reload on another database connection would miss the
   * uncommitted writes (PostgreSQL), and the next change would build on a stale document.
   */
  get busy(): boolean {
    return this.holds > 0 || this.unstored.length > 0 || this.storing > 0;
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
    if (this.unstored.length === 0 && this.storing === 0) reply();
    else this.waitingForStorage.push(reply);
  }

  /**
   * Appends what is waiting to the log, inside the caller's transaction, and arranges the relay
   * for after it commits; resolves with how many updates it appended. Updates other nodes stored before ours are read in the same
   * transaction, so `head` never skips one.
   */
  async store(): Promise<number> {
    if (this.unstored.length === 0) return 0;
    const batch = this.unstored;
    const origins = this.unstoredOrigins;
    const since = this.unstoredSince;
    this.unstored = [];
    this.unstoredOrigins = new Set();
    this.storing++;
    let first = 0;
    // Registered first, so that any failure below (which rolls the transaction back) drops the room.
    this.deps.db.afterCommit(
      () => this.stored(batch, origins, first, first + batch.length - 1, since),
      () => {
        this.storing--;
        this.deps.onBroken(this, new Error('the transaction storing this document rolled back'));
      },
    );
    first = await this.deps.updateLog.append(this.name, batch);
    if (first > this.head + 1) this.applyStored(await this.deps.updateLog.after(this.name, this.head, first - 1));
    return batch.length;
  }

  /**
   * Brings the document up to what storage holds. With `lock`, inside a transaction, also
   * keeps anyone else from appending until it ends: a command then decides on the latest state.
   */
  async catchUp(lock = false): Promise<void> {
    if (lock) {
      const head = await this.deps.updateLog.lockHead(this.name);
      if (head > this.head) this.applyStored(await this.deps.updateLog.after(this.name, this.head, head));
      return;
    }
    // Concurrent callers share one read, plus at most one more for callers that came during it.
    if (this.catchingUp) {
      this.catchUpAgain = true;
      return this.catchingUp;
    }
    this.catchingUp = (async () => {
      try {
        do {
          this.catchUpAgain = false;
          this.deps.metrics.catchUpRead();
          this.applyStored(await this.deps.updateLog.after(this.name, this.head));
        } while (this.catchUpAgain);
      } finally {
        this.catchingUp = null;
      }
    })();
    return this.catchingUp;
  }

  /** An update another node stored as numbers first..last; a gap before it is read from storage. */
  applyRelayed(first: number, last: number, update: Uint8Array): void {
    if (last <= this.head || this.doc.isDestroyed) return;
    if (first > this.head + 1) {
      void this.catchUp().catch((error) => this.deps.onBroken(this, error));
      return;
    }
    Y.applyUpdate(this.doc, update, STORED);
    this.head = last;
    this.logBytes += update.length;
  }

  /** Another node stored updates up to `head` without publishing them: read them from storage. */
  applyRelayedHead(head: number): void {
    if (head <= this.head || this.doc.isDestroyed) return;
    void this.catchUp().catch((error) => this.deps.onBroken(this, error));
  }

  /** Presence announced through another node. */
  applyRelayedPresence(update: Uint8Array): void {
    if (this.doc.isDestroyed) return;
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, ELSEWHERE);
  }

  add(connection: Connection): void {
    this.connections.add(connection);
  }

  remove(connection: Connection): void {
    if (!this.connections.delete(connection)) return;
    const owned = [...this.awarenessOwners].filter(([, c]) => c === connection).map(([id]) => id);
    for (const id of owned) this.awarenessOwners.delete(id);
    if (owned.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, owned, connection);
    if (this.connections.size === 0) this.deps.onIdle(this);
  }

  broadcast(message: Uint8Array, except: Connection | null): void {
    for (const c of this.connections) if (c !== except) c.send(message);
  }

  closeAll(code: number, reason: string): void {
    for (const c of [...this.connections]) c.close(code, reason);
  }

  /**
   * Writes a snapshot of the document so that loading reads it instead of the whole log. Only
   * when memory and storage hold the same updates; a snapshot never replaces a newer one.
   */
  async compact(): Promise<void> {
    if (this.updatesSinceSnapshot === 0 || this.unstored.length > 0 || this.storing > 0) return;
    const state = Y.encodeStateAsUpdate(this.doc);
    await this.deps.updateLog.saveSnapshot(this.name, state, this.head, this.deps.now());
    this.snapshotBytes = state.length;
    this.updatesSinceSnapshot = 0;
  }

  destroy(): void {
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    if (this.presenceTimer) clearTimeout(this.presenceTimer);
    this.awareness.destroy();
    this.doc.destroy();
  }

  private applyStored(rows: Array<{ seq: number; data: Uint8Array }>): void {
    const fresh = rows.filter((r) => r.seq > this.head);
    if (fresh.length === 0 || this.doc.isDestroyed) return;
    Y.applyUpdate(this.doc, fresh.length === 1 ? fresh[0]!.data : Y.mergeUpdates(fresh.map((r) => r.data)), STORED);
    this.head = fresh[fresh.length - 1]!.seq;
    for (const r of fresh) this.logBytes += r.data.length;
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === STORED) {
      this.queueRelay(update, null);
      return;
    }
    const from = origin as WriteOrigin;
    if (this.unstored.length === 0) this.unstoredSince = performance.now();
    this.unstored.push({ data: update, author: from.author, receivedAt: this.deps.now() });
    this.unstoredOrigins.add(from.connection);
    this.logBytes += update.length;
    this.deps.markDirty(this);
  };

  private stored(batch: PendingUpdate[], origins: Set<Connection | null>, first: number, last: number, since: number): void {
    this.storing--;
    if (this.doc.isDestroyed) return;
    this.head = Math.max(this.head, last);
    this.updatesSinceSnapshot += batch.length;
    if (this.updatesSinceSnapshot >= this.deps.limits.compactAfterUpdates) this.queueCompaction();
    const merged = batch.length === 1 ? batch[0]!.data : Y.mergeUpdates(batch.map((u) => u.data));
    // The batch is a turn's worth already: relay it now, with anything queued before it.
    // One sender: skip echoing to it. Several: everyone gets all; applying a known update is a no-op.
    this.relayQueue.push(merged);
    this.relayOrigins.add(origins.size === 1 ? origins.values().next().value! : null);
    this.flushRelay();
    this.deps.cluster?.publishUpdate(this.name, first, last, merged);
    this.deps.metrics.relayed((performance.now() - since) / 1000);
    if (this.unstored.length === 0 && this.storing === 0) {
      const replies = this.waitingForStorage;
      this.waitingForStorage = [];
      for (const reply of replies) reply();
    }
  }

  /**
   * Relays stored updates once per turn of the event loop, merged into one message. A burst of
   * keystrokes that arrived together then costs one write per receiver instead of one per
   * keystroke per receiver, which is where a fan-out spends its time (socket writes).
   */
  private queueRelay(update: Uint8Array, origin: Connection | null): void {
    this.relayQueue.push(update);
    this.relayOrigins.add(origin);
    if (this.relayScheduled) return;
    this.relayScheduled = true;
    setImmediate(() => this.flushRelay());
  }

  private flushRelay(): void {
    this.relayScheduled = false;
    if (this.relayQueue.length === 0) return;
    const updates = this.relayQueue;
    const origins = this.relayOrigins;
    this.relayQueue = [];
    this.relayOrigins = new Set();
    if (this.doc.isDestroyed || this.connections.size === 0) return;
    const merged = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
    // One sender: skip echoing to it. Several: everyone gets all; applying a known update is a no-op.
    const except = origins.size === 1 ? origins.values().next().value! : null;
    this.broadcast(encodeUpdate(merged), except);
  }

  private queueCompaction(): void {
    if (this.compactionQueued) return;
    this.compactionQueued = true;
    // After the current batch and its transaction, never inside them.
    setImmediate(() => {
      this.compactionQueued = false;
      if (this.doc.isDestroyed) return;
      // The log is intact; loading is only slower until the next compaction succeeds.
      this.compact().catch((error) => this.deps.onCompactionFailed(this, error));
    });
  }

  /**
   * Presence is batched: with N people each moving a cursor, relaying every change to everyone
   * costs N² messages; one message per batch interval carries all of them.
   */
  private readonly onAwarenessUpdate = ({ added, updated, removed }: AwarenessChange, origin: unknown): void => {
    const local = origin !== ELSEWHERE;
    for (const ids of [added, updated, removed]) {
      for (const id of ids) {
        this.presencePending.add(id);
        if (local) this.presenceLocal.add(id);
        else if (ids === removed) {
          if (this.awarenessOwners.get(id) === ELSEWHERE) this.awarenessOwners.delete(id);
        } else if (!this.awarenessOwners.has(id)) this.awarenessOwners.set(id, ELSEWHERE);
      }
    }
    if (this.presencePending.size === 0 || this.presenceTimer) return;
    if (this.deps.limits.presenceBatchMs === 0) return this.flushPresence();
    this.presenceTimer = setTimeout(() => this.flushPresence(), this.deps.limits.presenceBatchMs);
  };

  private flushPresence(): void {
    this.presenceTimer = null;
    const changed = [...this.presencePending];
    const local = [...this.presenceLocal];
    this.presencePending.clear();
    this.presenceLocal.clear();
    if (this.doc.isDestroyed) return;
    if (changed.length > 0 && this.connections.size > 0) this.broadcast(encodeAwareness(this.awareness, changed), null);
    if (local.length > 0) this.deps.cluster?.publishPresence(this.name, awarenessProtocol.encodeAwarenessUpdate(this.awareness, local));
  }
}

export const ROOM_BROKEN_REASON = 'the server could not store a change';
export const ROOM_BROKEN_CODE = CloseCode.internalError;
