/**
 * Durable timers (escalations, update reminders). Each is a row first and a setTimeout second,
 * so a restart re-arms what is pending, and `claim` makes each fire exactly once even if two
 * processes armed it.
 */
import type { Timers, TimerKind, TimerRow } from '../storage/timers.ts';
import type { Logger } from '../logger.ts';

const MAX_DELAY_MS = 2 ** 31 - 1;

export class Scheduler {
  private readonly handles = new Map<number, NodeJS.Timeout>();
  private handlers: Partial<Record<TimerKind, (incidentId: string) => void>> = {};

  constructor(
    private readonly timers: Timers,
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {}

  /** Registers what each kind does, then arms every pending timer (overdue ones fire now). */
  start(handlers: Record<TimerKind, (incidentId: string) => void>): void {
    this.handlers = handlers;
    for (const row of this.timers.pending()) this.arm(row);
  }

  schedule(kind: TimerKind, incidentId: string, dueAt: number): void {
    this.arm(this.timers.add(kind, incidentId, dueAt));
  }

  /** Replaces any pending timer of this kind for the incident. */
  reschedule(kind: TimerKind, incidentId: string, dueAt: number): void {
    this.cancel(kind, incidentId);
    this.schedule(kind, incidentId, dueAt);
  }

  cancel(kind: TimerKind, incidentId: string): void {
    for (const id of this.timers.cancel(kind, incidentId, this.now())) {
      clearTimeout(this.handles.get(id));
      this.handles.delete(id);
    }
  }

  stop(): void {
    for (const handle of this.handles.values()) clearTimeout(handle);
    this.handles.clear();
  }

  private arm(row: TimerRow): void {
    const delay = Math.max(0, row.dueAt - this.now());
    const handle = setTimeout(() => {
      this.handles.delete(row.id);
      if (delay > MAX_DELAY_MS) return this.arm(row);
      this.fire(row);
    }, Math.min(delay, MAX_DELAY_MS));
    handle.unref();
    this.handles.set(row.id, handle);
  }

  private fire(row: TimerRow): void {
    try {
      if (!this.timers.claim(row.id, this.now())) return;
      this.handlers[row.kind]?.(row.incidentId);
    } catch (error) {
      this.logger.error({ err: error, timer: row }, 'timer failed');
    }
  }
}
