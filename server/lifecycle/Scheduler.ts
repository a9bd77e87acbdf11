/**
 * Durable timers (escalations, update reminders, the steps of a page's notification rules). Each
 * is a row first: the node that schedules one also arms a setTimeout for it once the row is
 * stored, and every node looks for overdue rows every poll interval, so a timer fires after a
 * restart or when its node is gone. Claiming the row and running its handler share one
 * transaction: the claim is the row lock that makes a timer fire once in the cluster, and a node
 * dying halfway leaves it unclaimed for another node to fire.
 *
 * Each kind has one handler. The lifecycle registers its own with `start`; other modules register
 * theirs with `handle` (issue 18). A `subject` tells several timers of one kind for one incident
 * apart (each step of each page); timers without one are the incident's only one of the kind.
 */
import type { Timers, TimerKind, TimerRow } from '../storage/timers.ts';
import type { Logger } from '../logger.ts';
import type { ServerMetrics } from '../metrics/ServerMetrics.ts';

const MAX_DELAY_MS = 2 ** 31 - 1;

/** Runs when a timer fires, inside the transaction that claimed it. */
export type TimerHandler = (incidentId: string, subject: string | null) => Promise<void>;

/** The lifecycle's own kinds, registered together when the scheduler starts. */
type LifecycleHandlers = Record<'escalation' | 'update-reminder', TimerHandler>;

/** A deadline kept elsewhere than in a timer row; it does its own claiming and its own error handling. */
export type DeadlineCheck = (now: number) => Promise<void>;

export interface SchedulerDeps {
  timers: Timers;
  now: () => number;
  logger: Logger;
  pollMs: number;
  /** Runs fn in one transaction. */
  atomically: (fn: () => Promise<void>) => Promise<void>;
  metrics: Pick<ServerMetrics, 'timerDue' | 'timerFired'>;
}

export class Scheduler {
  private readonly handles = new Map<number, NodeJS.Timeout>();
  private readonly handlers = new Map<TimerKind, TimerHandler>();
  private readonly checks: DeadlineCheck[] = [];
  private poller: NodeJS.Timeout | null = null;
  private polling = false;
  private stopped = false;

  constructor(private readonly deps: SchedulerDeps) {}

  /** Registers what the lifecycle's kinds do, then fires whatever is overdue and keeps looking. */
  start(handlers: LifecycleHandlers): void {
    for (const [kind, handler] of Object.entries(handlers)) this.handle(kind, handler);
    void this.poll();
    this.poller = setInterval(() => void this.poll(), this.deps.pollMs);
    this.poller.unref();
  }

  /**
   * Looks at `check` in every poll, before the timers and at the same time: one poller per node
   * finds everything that fell due (the dead man's switch, issue 16), whatever row it lives in.
   */
  watch(check: DeadlineCheck): void {
    this.checks.push(check);
  }

  /**
   * Registers what timers of `kind` do, before or after `start`. A kind has one handler: two
   * modules sharing a kind would each act on the other's timers.
   */
  handle(kind: TimerKind, handler: TimerHandler): void {
    if (this.handlers.has(kind)) throw new Error(`timers of kind ${kind} have a handler already`);
    this.handlers.set(kind, handler);
  }

  async schedule(kind: TimerKind, incidentId: string, dueAt: number, subject: string | null = null): Promise<void> {
    const row = await this.deps.timers.add(kind, incidentId, dueAt, subject);
    // Armed once stored: a timer due at once must not fire inside the transaction that made it,
    // nor for a row that transaction rolls back.
    this.deps.timers.afterCommit(() => this.arm(row));
  }

  /** Replaces any pending timer of this kind for the incident (of this subject, when given). */
  async reschedule(kind: TimerKind, incidentId: string, dueAt: number, subject?: string): Promise<void> {
    await this.cancel(kind, incidentId, subject);
    await this.schedule(kind, incidentId, dueAt, subject ?? null);
  }

  /** Cancels the pending timers of this kind for the incident: all of them, or those of `subject`. */
  async cancel(kind: TimerKind, incidentId: string, subject?: string): Promise<void> {
    this.disarm(await this.deps.timers.cancel(kind, incidentId, this.deps.now(), subject));
  }

  /**
   * Moves a pending timer to `dueAt` (a rule whose channel failed brings the next one forward);
   * answers false, changing nothing, when none is pending because it fired, was cancelled or never was.
   */
  async bringForward(kind: TimerKind, incidentId: string, subject: string, dueAt: number): Promise<boolean> {
    let moved = false;
    await this.deps.atomically(async () => {
      const cancelled = await this.deps.timers.cancel(kind, incidentId, this.deps.now(), subject);
      this.disarm(cancelled);
      moved = cancelled.length > 0;
      if (moved) await this.schedule(kind, incidentId, dueAt, subject);
    });
    return moved;
  }

  stop(): void {
    this.stopped = true;
    if (this.poller) clearInterval(this.poller);
    for (const handle of this.handles.values()) clearTimeout(handle);
    this.handles.clear();
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const now = this.deps.now();
      for (const check of this.checks) await check(now);
      for (const row of await this.deps.timers.due(now)) await this.fire(row);
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'could not look for due timers');
    } finally {
      this.polling = false;
    }
  }

  private disarm(ids: readonly number[]): void {
    for (const id of ids) {
      clearTimeout(this.handles.get(id));
      this.handles.delete(id);
    }
  }

  private arm(row: TimerRow): void {
    if (this.stopped) return;
    const delay = Math.max(0, row.dueAt - this.deps.now());
    const handle = setTimeout(() => {
      this.handles.delete(row.id);
      if (delay > MAX_DELAY_MS) return this.arm(row);
      void this.fire(row);
    }, Math.min(delay, MAX_DELAY_MS));
    handle.unref();
    this.handles.set(row.id, handle);
  }

  private async fire(row: TimerRow): Promise<void> {
    const handler = this.handlers.get(row.kind);
    // Left pending for a node that knows the kind (one started before a newer version's module).
    if (!handler) return;
    this.deps.metrics.timerDue(row.kind);
    let claimed = false;
    try {
      await this.deps.atomically(async () => {
        claimed = await this.deps.timers.claim(row.id, this.deps.now());
        if (claimed) await handler(row.incidentId, row.subject);
      });
      if (claimed) this.deps.metrics.timerFired(row.kind, true);
    } catch (error) {
      this.deps.metrics.timerFired(row.kind, false);
      this.deps.logger.error({ err: error, timer: row }, 'timer failed');
    }
  }
}
