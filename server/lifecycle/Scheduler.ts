/**
 * Durable timers (escalations, update reminders). Each is a row first: the node that schedules
 * one also arms a setTimeout for it, and every node looks for overdue rows every poll interval,
 * so a timer fires after a restart or when its node is gone. Claiming the row and running its
 * handler share one transaction: the claim is the row lock that makes a timer fire once in the
 * cluster, and a node dying halfway leaves it unclaimed for another node to fire.
 */
import type { Timers, TimerKind, TimerRow } from '../storage/timers.ts';
import type { Logger } from '../logger.ts';
import type { ServerMetrics } from '../metrics/ServerMetrics.ts';

const MAX_DELAY_MS = 2 ** 31 - 1;

type Handlers = Record<TimerKind, (incidentId: string) => Promise<void>>;

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
  private handlers: Partial<Handlers> = {};
  private readonly checks: DeadlineCheck[] = [];
  private poller: NodeJS.Timeout | null = null;
  private polling = false;

  constructor(private readonly deps: SchedulerDeps) {}

  /** Registers what each kind does, then fires whatever is overdue and keeps looking. */
  start(handlers: Handlers): void {
    this.handlers = handlers;
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

  async schedule(kind: TimerKind, incidentId: string, dueAt: number): Promise<void> {
    this.arm(await this.deps.timers.add(kind, incidentId, dueAt));
  }

  /** Replaces any pending timer of this kind for the incident. */
  async reschedule(kind: TimerKind, incidentId: string, dueAt: number): Promise<void> {
    await this.cancel(kind, incidentId);
    await this.schedule(kind, incidentId, dueAt);
  }

  async cancel(kind: TimerKind, incidentId: string): Promise<void> {
    for (const id of await this.deps.timers.cancel(kind, incidentId, this.deps.now())) {
      clearTimeout(this.handles.get(id));
      this.handles.delete(id);
    }
  }

  stop(): void {
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

  private arm(row: TimerRow): void {
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
    this.deps.metrics.timerDue(row.kind);
    let claimed = false;
    try {
      await this.deps.atomically(async () => {
        claimed = await this.deps.timers.claim(row.id, this.deps.now());
        if (claimed) await this.handlers[row.kind]?.(row.incidentId);
      });
      if (claimed) this.deps.metrics.timerFired(row.kind, true);
    } catch (error) {
      this.deps.metrics.timerFired(row.kind, false);
      this.deps.logger.error({ err: error, timer: row }, 'timer failed');
    }
  }
}
