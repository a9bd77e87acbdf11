/**
 * The rooms held in memory, by document name. A room is loaded from the update log on first
 * use and unloaded after its last connection has been gone for a grace period. Every write is
 * stored before it is relayed, so an idle room never holds unsaved state.
 *
 * A responder or postmortem document keeps its incident's state document loaded: vetting a
 * responder's update reads (and may write) the state document in the same step.
 */
import { parseDocName, postmortemDocName, responderDocName, stateDocName } from '../../shared/documents.ts';
import type { DocumentKind } from '../../shared/documents.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';
import type { UpdateLog } from '../storage/updateLog.ts';
import type { Logger } from '../logger.ts';
import type { ServerLimits } from '../config.ts';
import { Room, ROOM_BROKEN_CODE, ROOM_BROKEN_REASON } from './Room.ts';
import type { UpdatePolicy } from './Room.ts';
import type { WriteQueue } from './WriteQueue.ts';
import type { ClusterLink } from './ClusterLink.ts';
import type { ServerMetrics } from '../metrics/ServerMetrics.ts';

export interface RoomRegistryDeps {
  db: SqlDatabase;
  updateLog: UpdateLog;
  writes: WriteQueue;
  cluster: ClusterLink | null;
  logger: Logger;
  now: () => number;
  unloadGraceMs: number;
  limits: ServerLimits;
  policyFor: (kind: DocumentKind) => UpdatePolicy | null;
  /** Called once a room is loaded, before anyone reads it, with its incident's state room if it keeps one (seeding). */
  onLoaded?: (room: Room, stateRoom: Room | null) => void;
  metrics: Pick<ServerMetrics, 'relayed' | 'catchUpRead' | 'roomDropped'>;
}

const SERVER_USE_GRACE_MS = 2000;

export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room>>();
  private readonly unloadTimers = new Map<Room, { timer: NodeJS.Timeout; at: number }>();

  constructor(private readonly deps: RoomRegistryDeps) {}

  get size(): number {
    return this.rooms.size;
  }

  /** The loaded room for a document, loading it now if needed. Rejects if storage cannot be read. */
  get(name: string): Promise<Room> {
    const existing = this.rooms.get(name);
    if (existing) return Promise.resolve(existing);
    let pending = this.loading.get(name);
    if (!pending) {
      pending = this.load(name).finally(() => this.loading.delete(name));
      this.loading.set(name, pending);
    }
    return pending;
  }

  peek(name: string): Room | undefined {
    return this.rooms.get(name);
  }

  all(): IterableIterator<Room> {
    return this.rooms.values();
  }

  /**
   * The room holding everything stored now: on a cluster it is first brought up to storage, so
   * a read or a client's sync on one node sees a write made on another.
   */
  async upToDate(name: string): Promise<Room> {
    const room = await this.get(name);
    if (this.deps.cluster) await room.catchUp();
    return room;
  }

  /** upToDate, for the server's own use (a read, an export). */
  async current(name: string): Promise<Room> {
    const room = await this.upToDate(name);
    this.touch(room);
    return room;
  }

  /** Marks a room as used by the server itself, so it is unloaded later if nobody connects. */
  touch(room: Room): void {
    if (room.connectionCount === 0) this.scheduleUnload(room, this.serverUseGraceMs);
  }

  /** Brings every loaded room up to storage: after the cluster link was down, and as a periodic check. */
  async catchUpAll(): Promise<void> {
    const rooms = [...this.rooms.values()];
    const heads = await this.deps.updateLog.heads(rooms.map((r) => r.name));
    await Promise.all(
      rooms.filter((r) => (heads.get(r.name) ?? 0) > r.head).map((r) => r.catchUp().catch((error) => this.drop(r, error))),
    );
  }

  /** Drops a room whose memory may differ from storage (Room.fail); clients reconnect and resync from the log. */
  private drop(room: Room, error: unknown): void {
    this.deps.logger.error({ err: error, doc: room.name }, 'dropping room after a storage failure');
    if (this.rooms.get(room.name) === room) this.deps.metrics.roomDropped();
    void this.unload(room, ROOM_BROKEN_CODE, ROOM_BROKEN_REASON);
  }

  async closeAll(code: number, reason: string): Promise<void> {
    await Promise.all([...this.loading.values()].map((p) => p.catch(() => {})));
    await Promise.all([...this.rooms.values()].map((room) => this.unload(room, code, reason)));
  }

  private async load(name: string): Promise<Room> {
    const { incidentId, kind } = parseDocName(name);
    // Loaded first and kept while this room is: the responder and postmortem policies read it synchronously.
    const stateRoom = kind === 'state' ? null : await this.get(stateDocName(incidentId));
    if (this.rooms.size >= this.deps.limits.roomsInMemory) throw new RoomLimitReached(this.rooms.size);
    const room = new Room(name, incidentId, kind, {
      db: this.deps.db,
      updateLog: this.deps.updateLog,
      markDirty: (r) => this.deps.writes.markDirty(r),
      cluster: this.deps.cluster,
      now: this.deps.now,
      limits: this.deps.limits,
      policy: this.deps.policyFor(kind),
      onBroken: (r, error) => this.drop(r, error),
      onIdle: (r) => this.scheduleUnload(r),
      onCompactionFailed: (r, error) => this.deps.logger.warn({ err: error, doc: r.name }, 'compaction failed'),
      metrics: this.deps.metrics,
    });
    // Subscribed before reading, so nothing stored in between goes unheard.
    await this.deps.cluster?.watch(name);
    try {
      await room.load();
    } catch (error) {
      this.deps.cluster?.unwatch(name);
      room.destroy();
      throw error;
    }
    this.rooms.set(name, room);
    this.scheduleUnload(room, this.serverUseGraceMs);
    // What other nodes published while this node was reading is in storage by now.
    if (this.deps.cluster) await room.catchUp();
    this.deps.onLoaded?.(room, stateRoom);
    return room;
  }

  /**
   * A room only the server used (a command, a state document consulted for a responder's write)
   * is cheap to reload, so it leaves memory sooner than one people had open.
   */
  private get serverUseGraceMs(): number {
    return Math.min(this.deps.unloadGraceMs, SERVER_USE_GRACE_MS);
  }

  /** Unloads the room after graceMs, unless a later unload is already planned: grace only grows. */
  private scheduleUnload(room: Room, graceMs = this.deps.unloadGraceMs): void {
    const at = this.deps.now() + graceMs;
    const previous = this.unloadTimers.get(room);
    if (previous && previous.at >= at) return;
    if (previous) clearTimeout(previous.timer);
    const timer = setTimeout(() => {
      this.unloadTimers.delete(room);
      if (room.connectionCount > 0 || this.rooms.get(room.name) !== room) return;
      // A state document stays while its responder or postmortem document is loaded, or loading.
      const keepers = [responderDocName(room.incidentId), postmortemDocName(room.incidentId)];
      if (room.kind === 'state' && keepers.some((name) => this.rooms.has(name) || this.loading.has(name))) return this.scheduleUnload(room, graceMs);
      // Never while a write is pending (DESIGN): the room's memory is ahead of what others can read.
      if (room.busy) return this.scheduleUnload(room, graceMs);
      void this.unload(room, 1000, 'unloaded');
    }, graceMs);
    timer.unref();
    this.unloadTimers.set(room, { timer, at });
  }

  private async unload(room: Room, code: number, reason: string): Promise<void> {
    if (this.rooms.get(room.name) !== room) return;
    this.rooms.delete(room.name);
    this.deps.cluster?.unwatch(room.name);
    room.closeConnections(code, reason);
    // Closing the connections made the room idle again; that timer is moot now.
    clearTimeout(this.unloadTimers.get(room)?.timer);
    this.unloadTimers.delete(room);
    // A broken room's memory may be ahead of storage: never snapshot it.
    if (code !== ROOM_BROKEN_CODE) {
      try {
        await room.compact();
      } catch (error) {
        this.deps.logger.warn({ err: error, doc: room.name }, 'compaction at unload failed');
      }
    }
    room.destroy();
    if (room.kind !== 'state') {
      const state = this.rooms.get(stateDocName(room.incidentId));
      if (state) this.touch(state);
    }
  }
}

/** Thrown when loading one more room would exceed MAX_ROOMS_IN_MEMORY. */
export class RoomLimitReached extends Error {
  constructor(size: number) {
    super(`${size} rooms are loaded, the configured maximum`);
  }
}
