/**
 * One Yjs document in memory with its presence and its connections. The invariant this class
 * keeps: every change to the document is appended to the update log, and relayed to other
 * connections only after that append has committed ("stored before relayed").
 */
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Principal } from '../../shared/access.ts';
import type { DocumentKind } from '../../shared/documents.ts';
import { CloseCode } from '../../shared/closeCodes.ts';
import type { Database } from '../storage/database.ts';
import type { UpdateLog } from '../storage/updateLog.ts';
import type { ServerLimits } from '../config.ts';
import { encodeAwareness, encodeUpdate, ProtocolViolation } from './messages.ts';
import type { Connection } from './Connection.ts';

/** Who a change came from: stored as the update's author; its connection is not echoed to. */
export interface WriteOrigin {
  author: string;
  connection: Connection | null;
}

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
  db: Database;
  updateLog: UpdateLog;
  now: () => number;
  limits: Pick<ServerLimits, 'docBytes' | 'compactAfterUpdates' | 'presenceBatchMs'>;
  policy: UpdatePolicy | null;
  /** Called when the room can no longer be trusted to match storage and must be dropped. */
  onBroken: (room: Room, error: unknown) => void;
  onIdle: (room: Room) => void;
  onCompactionFailed: (room: Room, error: unknown) => void;
}

export class Room {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly connections = new Set<Connection>();
  /** Which connection announced each presence client id, so no one can speak for another. */
  readonly awarenessOwners = new Map<number, Connection>();
  /** Bytes in storage for this document (snapshot and log since), to enforce the size limit. */
  private storedBytes = 0;
  private updatesSinceSnapshot = 0;
  private compactionQueued = false;
  /** Presence changes waiting for the next batch: one message for many changes and receivers. */
  private readonly presencePending = new Set<number>();
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
  load(): void {
    const stored = this.deps.updateLog.load(this.name);
    const parts = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
    if (parts.length > 0) Y.applyUpdate(this.doc, parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts));
    this.storedBytes = stored.bytes;
    this.updatesSinceSnapshot = stored.updates.length;
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  /** A client's update: vetted, stored and applied in one transaction, then relayed. */
  applyClientUpdate(update: Uint8Array, connection: Connection): void {
    const origin: WriteOrigin = { author: connection.principal.userId, connection };
    if (this.storedBytes + update.length > this.deps.limits.docBytes) {
      throw new ProtocolViolation(CloseCode.documentTooLarge, 'document size limit reached');
    }
    this.deps.db.transaction(() => {
      this.deps.policy?.admit(this, update, connection.principal);
      Y.applyUpdate(this.doc, update, origin);
    });
  }

  /** A server-side change (commands); fn must validate before it mutates anything. */
  change<T>(author: string, fn: () => T): T {
    let result!: T;
    this.doc.transact(() => {
      result = fn();
    }, { author, connection: null } satisfies WriteOrigin);
    return result;
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
   * Writes a snapshot of the document so that loading reads it instead of the whole log.
   * Runs outside any transaction, when memory and storage hold the same updates.
   */
  compact(): void {
    if (this.updatesSinceSnapshot === 0) return;
    const state = Y.encodeStateAsUpdate(this.doc);
    this.deps.updateLog.saveSnapshot(this.name, state, this.deps.now());
    this.storedBytes = state.length;
    this.updatesSinceSnapshot = 0;
  }

  destroy(): void {
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    if (this.presenceTimer) clearTimeout(this.presenceTimer);
    this.awareness.destroy();
    this.doc.destroy();
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    const from = origin as WriteOrigin;
    this.deps.updateLog.append(this.name, update, from.author, this.deps.now());
    this.storedBytes += update.length;
    this.updatesSinceSnapshot++;
    if (this.updatesSinceSnapshot >= this.deps.limits.compactAfterUpdates) this.queueCompaction();
    this.deps.db.afterCommit(
      () => this.queueRelay(update, from.connection),
      () => this.deps.onBroken(this, new Error('transaction rolled back after the document changed')),
    );
  };

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
    // After the current message and its transaction, never inside them.
    setImmediate(() => {
      this.compactionQueued = false;
      if (this.doc.isDestroyed) return;
      try {
        this.compact();
      } catch (error) {
        // The log is intact; loading is only slower until the next compaction succeeds.
        this.deps.onCompactionFailed(this, error);
      }
    });
  }

  /**
   * Presence is batched: with N people each moving a cursor, relaying every change to everyone
   * costs N² messages; one message per batch interval carries all of them.
   */
  private readonly onAwarenessUpdate = ({ added, updated, removed }: AwarenessChange): void => {
    for (const id of added) this.presencePending.add(id);
    for (const id of updated) this.presencePending.add(id);
    for (const id of removed) this.presencePending.add(id);
    if (this.presencePending.size === 0 || this.presenceTimer) return;
    if (this.deps.limits.presenceBatchMs === 0) return this.flushPresence();
    this.presenceTimer = setTimeout(() => this.flushPresence(), this.deps.limits.presenceBatchMs);
  };

  private flushPresence(): void {
    this.presenceTimer = null;
    const changed = [...this.presencePending];
    this.presencePending.clear();
    if (changed.length > 0 && this.connections.size > 0) this.broadcast(encodeAwareness(this.awareness, changed), null);
  }
}

export const ROOM_BROKEN_REASON = 'the server could not store a change';
export const ROOM_BROKEN_CODE = CloseCode.internalError;
