/**
 * The rooms held in memory, by document name. A room is loaded from the update log on first
 * use and unloaded after its last connection has been gone for a grace period. Because every
 * write is stored synchronously before it is relayed, an idle room never holds unsaved state.
 */
import { parseDocName } from '../../shared/documents.ts';
import type { DocumentKind } from '../../shared/documents.ts';
import type { Database } from '../storage/database.ts';
import type { UpdateLog } from '../storage/updateLog.ts';
import type { Logger } from '../logger.ts';
import type { ServerLimits } from '../config.ts';
import { Room, ROOM_BROKEN_CODE, ROOM_BROKEN_REASON } from './Room.ts';
import type { UpdatePolicy } from './Room.ts';

export interface RoomRegistryDeps {
  db: Database;
  updateLog: UpdateLog;
  logger: Logger;
  now: () => number;
  unloadGraceMs: number;
  limits: ServerLimits;
  policyFor: (kind: DocumentKind) => UpdatePolicy | null;
}

const SERVER_USE_GRACE_MS = 2000;

export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  private readonly unloadTimers = new Map<Room, { timer: NodeJS.Timeout; at: number }>();

  constructor(private readonly deps: RoomRegistryDeps) {}

  get size(): number {
    return this.rooms.size;
  }

  /** The loaded room for a document, loading it now if needed. Throws if storage cannot be read. */
  get(name: string): Room {
    const existing = this.rooms.get(name);
    if (existing) return existing;
    if (this.rooms.size >= this.deps.limits.roomsInMemory) throw new RoomLimitReached(this.rooms.size);
    const { incidentId, kind } = parseDocName(name);
    const room = new Room(name, incidentId, kind, {
      db: this.deps.db,
      updateLog: this.deps.updateLog,
      now: this.deps.now,
      limits: this.deps.limits,
      policy: this.deps.policyFor(kind),
      onBroken: (r, error) => this.drop(r, error),
      onIdle: (r) => this.scheduleUnload(r),
      onCompactionFailed: (r, error) => this.deps.logger.warn({ err: error, doc: r.name }, 'compaction failed'),
    });
    room.load();
    this.rooms.set(name, room);
    this.scheduleUnload(room, this.serverUseGraceMs);
    return room;
  }

  peek(name: string): Room | undefined {
    return this.rooms.get(name);
  }

  all(): IterableIterator<Room> {
    return this.rooms.values();
  }

  /** Marks a room as used by the server itself, so it is unloaded later if nobody connects. */
  touch(room: Room): void {
    if (room.connections.size === 0) this.scheduleUnload(room, this.serverUseGraceMs);
  }

  /**
   * A room only the server used (a command, a state document consulted for a responder's write)
   * is cheap to reload, so it leaves memory sooner than one people had open.
   */
  private get serverUseGraceMs(): number {
    return Math.min(this.deps.unloadGraceMs, SERVER_USE_GRACE_MS);
  }

  /** Drops a room whose memory may differ from storage; clients reconnect and resync from the log. */
  drop(room: Room, error: unknown): void {
    this.deps.logger.error({ err: error, doc: room.name }, 'dropping room after a storage failure');
    this.unload(room, ROOM_BROKEN_CODE, ROOM_BROKEN_REASON);
  }

  closeAll(code: number, reason: string): void {
    for (const room of [...this.rooms.values()]) this.unload(room, code, reason);
  }

  /** Unloads the room after graceMs, unless a later unload is already planned: grace only grows. */
  private scheduleUnload(room: Room, graceMs = this.deps.unloadGraceMs): void {
    const at = this.deps.now() + graceMs;
    const previous = this.unloadTimers.get(room);
    if (previous && previous.at >= at) return;
    if (previous) clearTimeout(previous.timer);
    const timer = setTimeout(() => {
      this.unloadTimers.delete(room);
      if (room.connections.size === 0 && this.rooms.get(room.name) === room) this.unload(room, 1000, 'unloaded');
    }, graceMs);
    timer.unref();
    this.unloadTimers.set(room, { timer, at });
  }

  private unload(room: Room, code: number, reason: string): void {
    if (this.rooms.get(room.name) === room) this.rooms.delete(room.name);
    room.closeAll(code, reason);
    // Closing the connections made the room idle again; that timer is moot now.
    clearTimeout(this.unloadTimers.get(room)?.timer);
    this.unloadTimers.delete(room);
    // A broken room's memory may be ahead of storage: never snapshot it.
    if (code !== ROOM_BROKEN_CODE) {
      try {
        room.compact();
      } catch (error) {
        this.deps.logger.warn({ err: error, doc: room.name }, 'compaction at unload failed');
      }
    }
    room.destroy();
  }
}

/** Thrown when loading one more room would exceed MAX_ROOMS_IN_MEMORY. */
export class RoomLimitReached extends Error {
  constructor(size: number) {
    super(`${size} rooms are loaded, the configured maximum`);
  }
}
