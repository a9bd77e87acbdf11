/**
 * The one durable outbox (issue 14, DESIGN "One durable outbox, out"). Every message that
 * leaves the server is a row first, written in the transaction of whatever caused it, so a
 * restart loses none. A worker on every node looks for due rows; it leases a target's first
 * pending row so one node delivers it, and a node that dies mid-delivery leaves it to another
 * once the lease ends. A target's next row waits until the earlier one is delivered or given
 * up on (in order per target); different targets are delivered concurrently, so a slow or
 * failing one delays only its own messages, never a command or another target.
 *
 * Delivery is at least once: a node that dies after the receiver took a message and before the
 * row says so delivers it again, with the same row id for receivers to recognise it.
 */
import type { Logger } from '../logger.ts';
import type { ServerMetrics } from '../metrics/ServerMetrics.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';
import { OUTBOX_CHANNELS } from './channels.ts';
import type { OutboxChannel } from './channels.ts';
import { OutboxRows } from './OutboxRows.ts';
import type { OutboxRow } from './OutboxRows.ts';

/** What a sender made of one attempt. `retry` comes back after the backoff, or Retry-After if longer. */
export type DeliveryResult =
  | { outcome: 'delivered'; status: number }
  | { outcome: 'retry'; status: number | null; error: string; retryAfterMs?: number }
  | { outcome: 'give-up'; status: number | null; error: string };

/** Delivers one row of its channel; never throws (a throw counts as a retry). */
export type Sender = (row: OutboxRow) => Promise<DeliveryResult>;

export interface OutboxMessage {
  channel: OutboxChannel;
  /** Deliveries to the same target go in order, one at a time. */
  target: string;
  incidentId: string | null;
  eventType: string | null;
  payload: unknown;
}

export interface OutboxConfig {
  /** OUTBOX_GIVE_UP_HOURS: a message still undelivered this long after it was written is marked failed. */
  giveUpAfterMs: number;
  /** OUTBOX_CONCURRENCY: deliveries one node has in flight at once, each to a different target. */
  concurrency: number;
  /** OUTBOX_KEEP_DAYS: how long ended messages stay in the delivery logs; the table would grow forever otherwise. */
  keepMs: number;
  /** How often a node looks for due rows (TIMER_POLL_MS); a commit that wrote rows looks at once. */
  pollMs: number;
  /**
   * How long a lease lasts: longer than one delivery can take (WEBHOOK_TIMEOUT_MS), and no
   * longer, since a node that dies mid-delivery holds up its target's messages this long.
   */
  leaseMs: number;
}

/** The first retry waits this long, each later one twice as long, up to BACKOFF_MAX_MS. */
export const BACKOFF_FIRST_MS = 5_000;
export const BACKOFF_MAX_MS = 15 * 60_000;

/** Ended messages are looked for this often (on every node; deleting twice is harmless). */
const PRUNE_EVERY_MS = 60 * 60_000;

export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** Math.max(0, attempts - 1));
}

export interface OutboxDeps {
  db: SqlDatabase;
  now: () => number;
  logger: Logger;
  metrics: Pick<ServerMetrics, 'deliveryEnded' | 'deliveriesPending'>;
  config: OutboxConfig;
}

export class Outbox {
  private readonly rows: OutboxRows;
  private readonly senders = new Map<string, Sender>();
  /** Targets this node is delivering to now. */
  private readonly inFlight = new Map<string, Promise<void>>();
  private poller: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private pollAgain = false;
  private stopped = false;
  private prunedAt = -Infinity;

  constructor(private readonly deps: OutboxDeps) {
    this.rows = new OutboxRows(deps.db);
  }

  /** Adds a channel: its rows are handed to `send`. */
  register(channel: OutboxChannel, send: Sender): void {
    this.senders.set(channel, send);
  }

  /**
   * Writes a message; inside a transaction it joins it, so it exists exactly when what caused
   * it was stored. Delivery starts once that commits.
   */
  async enqueue(message: OutboxMessage): Promise<number> {
    const id = await this.rows.insert(message, this.deps.now());
    this.deps.db.afterCommit(() => this.poke());
    return id;
  }

  /** A target's messages, newest first, for its delivery log. */
  deliveries(target: string, limit: number, before: number | null) {
    return this.rows.page(target, limit, before);
  }

  start(): void {
    this.poke();
    this.poller = setInterval(() => this.poke(), this.deps.config.pollMs);
    this.poller.unref();
  }

  /** Stops looking for rows and waits for the deliveries in flight to be recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poller) clearInterval(this.poller);
    await this.polling;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  private poke(): void {
    if (this.stopped) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = this.poll().finally(() => {
      this.polling = null;
      if (this.pollAgain) {
        this.pollAgain = false;
        this.poke();
      }
    });
  }

  private async poll(): Promise<void> {
    try {
      const now = this.deps.now();
      const free = this.deps.config.concurrency - this.inFlight.size;
      if (free > 0) {
        // Heads of targets in flight here are leased already; asking for a few more keeps free slots filled.
        for (const row of await this.rows.heads(now, free + this.inFlight.size)) {
          if (this.stopped || this.inFlight.size >= this.deps.config.concurrency) break;
          if (this.inFlight.has(row.target) || !this.senders.has(row.channel)) continue;
          if (!(await this.rows.lease(row.id, now, now + this.deps.config.leaseMs))) continue;
          const delivery = this.deliver(row).finally(() => {
            this.inFlight.delete(row.target);
            // The target's next row may be waiting behind this one.
            this.poke();
          });
          this.inFlight.set(row.target, delivery);
        }
      }
      if (now - this.prunedAt >= PRUNE_EVERY_MS) {
        this.prunedAt = now;
        const pruned = await this.rows.prune(now - this.deps.config.keepMs);
        if (pruned > 0) this.deps.logger.info({ pruned }, 'deleted ended outgoing messages past OUTBOX_KEEP_DAYS');
      }
      const pending = await this.rows.pendingByChannel();
      for (const channel of OUTBOX_CHANNELS) this.deps.metrics.deliveriesPending(channel, pending.get(channel) ?? 0);
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'could not look for outgoing messages');
    }
  }

  private async deliver(row: OutboxRow): Promise<void> {
    const channel = row.channel as OutboxChannel;
    let result: DeliveryResult;
    try {
      result = await this.senders.get(channel)!(row);
    } catch (error) {
      result = { outcome: 'retry', status: null, error: (error as Error).message };
    }
    const now = this.deps.now();
    try {
      if (result.outcome === 'delivered') {
        await this.rows.delivered(row.id, now, result.status);
        this.deps.metrics.deliveryEnded(channel, true);
        return;
      }
      const attempts = row.attempts + 1;
      const dueAt = now + Math.max(backoffMs(attempts), result.outcome === 'retry' ? (result.retryAfterMs ?? 0) : 0);
      if (result.outcome === 'give-up' || dueAt - row.createdAt > this.deps.config.giveUpAfterMs) {
        await this.rows.failed(row.id, now, result.status, result.error);
        this.deps.metrics.deliveryEnded(channel, false);
        this.deps.logger.warn({ channel, outbox: row.id, attempts, status: result.status, err: result.error }, 'outgoing message given up');
        return;
      }
      await this.rows.retryAt(row.id, dueAt, result.status, result.error);
      this.deps.logger.info({ channel, outbox: row.id, attempts, status: result.status, err: result.error, retryInMs: dueAt - now }, 'outgoing message will be retried');
    } catch (error) {
      // The lease runs out and another attempt is made: at least once.
      this.deps.logger.warn({ err: error, outbox: row.id }, 'could not record an outgoing message\'s outcome');
    }
  }
}
