/**
 * Every write this node makes to storage goes through one queue, as a group commit: the updates
 * of all rooms that changed since the last transaction are stored together in the next one,
 * so a burst costs one transaction, not one per keystroke. A command runs as the body of a
 * transaction of its own, and the updates it made are stored in that same transaction.
 *
 * Rooms are appended in a fixed order (state documents first, then responder, then postmortem
 * documents, each by name) so that two nodes
 * appending to the same documents take their row locks in the same order; a command, which locks
 * its state document first, runs after the waiting updates are stored, so its transaction
 * seldom holds another document's lock.
 */
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';
import type { ServerMetrics } from '../metrics/ServerMetrics.ts';
import type { DocumentKind } from '../../shared/documents.ts';
import type { Room } from './Room.ts';

interface Task {
  body: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const KIND_ORDER: Record<DocumentKind, number> = { state: 0, responder: 1, postmortem: 2 };
const lockOrder = (a: Room, b: Room) => (a.kind === b.kind ? (a.name < b.name ? -1 : 1) : KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);

export class WriteQueue {
  private readonly dirty = new Set<Room>();
  private readonly tasks: Task[] = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly db: SqlDatabase,
    private readonly metrics: Pick<ServerMetrics, 'committed' | 'storeFailed'>,
  ) {}

  /** The room has updates waiting: they go into the next transaction. */
  markDirty(room: Room): void {
    this.dirty.add(room);
    this.kick();
  }

  /**
   * Runs body in a transaction of its own, after the ones before it. Inside a transaction already
   * (a command calling another step) it runs there, as part of it.
   */
  run<T>(body: () => Promise<T>): Promise<T> {
    if (this.db.inTransaction) return body();
    return new Promise<T>((resolve, reject) => {
      this.tasks.push({ body, resolve: resolve as (value: unknown) => void, reject });
      this.kick();
    });
  }

  /** Resolves once everything queued so far is stored (or failed). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private kick(): void {
    if (this.running) return;
    // At the end of this turn of the event loop: everything that arrived in it goes in one batch.
    this.running = new Promise((resolve) => setImmediate(() => void this.drain().then(resolve)));
  }

  private async drain(): Promise<void> {
    while (this.tasks.length > 0 || this.dirty.size > 0) {
      // What is waiting is stored before a command runs, in a transaction of its own: the
      // command's transaction then locks little beyond its own document.
      if (this.dirty.size > 0) await this.commit(null);
      const task = this.tasks.shift();
      if (task) await this.commit(task);
    }
    this.running = null;
  }

  private async commit(task: Task | null): Promise<void> {
    const started = performance.now();
    let updates = 0;
    try {
      const value = await this.db.transaction(async () => {
        const result = task ? await task.body() : undefined;
        // Taken after the body: what it changed is stored with it.
        const rooms = [...this.dirty].sort(lockOrder);
        this.dirty.clear();
        for (const room of rooms) updates += await room.store();
        return result;
      });
      this.metrics.committed(task ? 'command' : 'updates', updates, (performance.now() - started) / 1000);
      task?.resolve(value);
    } catch (error) {
      // A command's failure is mostly a refusal; one of waiting updates alone is storage failing.
      if (!task) this.metrics.storeFailed();
      // Rooms whose updates were in the failed transaction drop themselves (see Room.store).
      task?.reject(error);
    }
  }
}
