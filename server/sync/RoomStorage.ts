/**
 * The persistence of one document: what is waiting to be stored, what is being stored, the
 * number of the newest stored update it holds (`head`), catching up from storage, compaction and
 * the stored size. It keeps "stored before relayed": a change made here reaches the relay only
 * from `stored`, which runs once the transaction that appended it has committed.
 *
 * The document holds every update up to `head`. Updates stored by other nodes arrive through
 * the cluster link with their numbers; a gap in the numbers is filled from storage before
 * anything later is applied.
 */
import * as Y from 'yjs';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';
import type { PendingUpdate, UpdateLog } from '../storage/updateLog.ts';
import type { ServerLimits } from '../config.ts';
import type { ClusterLink } from './ClusterLink.ts';
import type { Connection } from './Connection.ts';
import type { ServerMetrics } from '../metrics/ServerMetrics.ts';

/** Who a change came from: stored as the update's author; its connection is not echoed to. */
export interface WriteOrigin {
  author: string;
  connection: Connection | null;
}

/** The origin of changes that are already stored: relayed from another node or read back from storage. */
export const STORED = Symbol('stored');

export interface RoomStorageDeps {
  db: SqlDatabase;
  updateLog: UpdateLog;
  /** Asks the write queue to store this document in its next transaction. */
  markDirty: () => void;
  cluster: ClusterLink | null;
  now: () => number;
  limits: Pick<ServerLimits, 'docBytes' | 'compactAfterUpdates'>;
  /** A batch made here has committed: relay it, skipping `except` (its one sender). */
  onStored: (merged: Uint8Array, except: Connection | null) => void;
  /** Memory can no longer be trusted to match storage. */
  onBroken: (error: unknown) => void;
  onCompactionFailed: (error: unknown) => void;
  metrics: Pick<ServerMetrics, 'relayed' | 'catchUpRead'>;
}

export class RoomStorage {
  private newest = 0;
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

  constructor(
    private readonly name: string,
    private readonly doc: Y.Doc,
    private readonly deps: RoomStorageDeps,
  ) {}

  /** The number of the newest stored update the document holds. */
  get head(): number {
    return this.newest;
  }

  /** Applies the stored log. Throws if it cannot be read; the room is then never served. */
  async load(): Promise<void> {
    const stored = await this.deps.updateLog.load(this.name);
    const parts = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
    if (parts.length > 0) Y.applyUpdate(this.doc, parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts), STORED);
    this.newest = stored.head;
    this.logBytes = stored.logBytes;
    this.snapshotBytes = stored.snapshot?.length ?? 0;
    this.updatesSinceSnapshot = stored.updates.length;
  }

  /** Whether storing `more` bytes would take the document past MAX_DOC_BYTES. */
  isFull(more = 0): boolean {
    return this.logBytes + this.snapshotBytes + more > this.deps.limits.docBytes;
  }

  /** A change made on this node, now in the document: it goes into the next transaction. */
  record(update: Uint8Array, from: WriteOrigin): void {
    if (this.unstored.length === 0) this.unstoredSince = performance.now();
    this.unstored.push({ data: update, author: from.author, receivedAt: this.deps.now() });
    this.unstoredOrigins.add(from.connection);
    this.logBytes += update.length;
    this.deps.markDirty();
  }

  /** See Room.hold. */
  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
    };
  }

  /** See Room.busy. */
  get busy(): boolean {
    return this.holds > 0 || this.unstored.length > 0 || this.storing > 0;
  }

  /** Runs reply once everything this document holds in memory is stored. */
  whenStored(reply: () => void): void {
    if (this.unstored.length === 0 && this.storing === 0) reply();
    else this.waitingForStorage.push(reply);
  }

  /**
   * Appends what is waiting to the log, inside the caller's transaction, and arranges the relay
   * for after it commits; resolves with how many updates it appended. Updates other nodes stored
   * before ours are read in the same transaction, so `head` never skips one.
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
        this.deps.onBroken(new Error('the transaction storing this document rolled back'));
      },
    );
    first = await this.deps.updateLog.append(this.name, batch);
    if (first > this.newest + 1) this.applyStored(await this.deps.updateLog.after(this.name, this.newest, first - 1));
    return batch.length;
  }

  /** See Room.catchUp. */
  async catchUp(lock = false): Promise<void> {
    if (lock) {
      const head = await this.deps.updateLog.lockHead(this.name);
      if (head > this.newest) this.applyStored(await this.deps.updateLog.after(this.name, this.newest, head));
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
          this.applyStored(await this.deps.updateLog.after(this.name, this.newest));
        } while (this.catchUpAgain);
      } finally {
        this.catchingUp = null;
      }
    })();
    return this.catchingUp;
  }

  /** An update another node stored as numbers first..last; a gap before it is read from storage. */
  applyRelayed(first: number, last: number, update: Uint8Array): void {
    if (last <= this.newest || this.doc.isDestroyed) return;
    if (first > this.newest + 1) {
      void this.catchUp().catch((error) => this.deps.onBroken(error));
      return;
    }
    Y.applyUpdate(this.doc, update, STORED);
    this.newest = last;
    this.logBytes += update.length;
  }

  /** Another node stored updates up to `head` without publishing them: read them from storage. */
  applyRelayedHead(head: number): void {
    if (head <= this.newest || this.doc.isDestroyed) return;
    void this.catchUp().catch((error) => this.deps.onBroken(error));
  }

  /**
   * Writes a snapshot of the document so that loading reads it instead of the whole log. Only
   * when memory and storage hold the same updates; a snapshot never replaces a newer one.
   */
  async compact(): Promise<void> {
    if (this.updatesSinceSnapshot === 0 || this.unstored.length > 0 || this.storing > 0) return;
    const state = Y.encodeStateAsUpdate(this.doc);
    await this.deps.updateLog.saveSnapshot(this.name, state, this.newest, this.deps.now());
    this.snapshotBytes = state.length;
    this.updatesSinceSnapshot = 0;
  }

  private applyStored(rows: Array<{ seq: number; data: Uint8Array }>): void {
    const fresh = rows.filter((r) => r.seq > this.newest);
    if (fresh.length === 0 || this.doc.isDestroyed) return;
    Y.applyUpdate(this.doc, fresh.length === 1 ? fresh[0]!.data : Y.mergeUpdates(fresh.map((r) => r.data)), STORED);
    this.newest = fresh[fresh.length - 1]!.seq;
    for (const r of fresh) this.logBytes += r.data.length;
  }

  private stored(batch: PendingUpdate[], origins: Set<Connection | null>, first: number, last: number, since: number): void {
    this.storing--;
    if (this.doc.isDestroyed) return;
    this.newest = Math.max(this.newest, last);
    this.updatesSinceSnapshot += batch.length;
    if (this.updatesSinceSnapshot >= this.deps.limits.compactAfterUpdates) this.queueCompaction();
    const merged = batch.length === 1 ? batch[0]!.data : Y.mergeUpdates(batch.map((u) => u.data));
    // One sender: skip echoing to it. Several: everyone gets all; applying a known update is a no-op.
    this.deps.onStored(merged, origins.size === 1 ? origins.values().next().value! : null);
    this.deps.cluster?.publishUpdate(this.name, first, last, merged);
    this.deps.metrics.relayed((performance.now() - since) / 1000);
    if (this.unstored.length === 0 && this.storing === 0) {
      const replies = this.waitingForStorage;
      this.waitingForStorage = [];
      for (const reply of replies) reply();
    }
  }

  private queueCompaction(): void {
    if (this.compactionQueued) return;
    this.compactionQueued = true;
    // After the current batch and its transaction, never inside them.
    setImmediate(() => {
      this.compactionQueued = false;
      if (this.doc.isDestroyed) return;
      // The log is intact; loading is only slower until the next compaction succeeds.
      this.compact().catch((error) => this.deps.onCompactionFailed(error));
    });
  }
}
