/**
 * Rows that matter only for a while, deleted once they can no longer matter, so that a busy
 * installation's tables do not grow for ever. Every node runs it from its scheduler's poll,
 * at most once an hour: the deletes are idempotent, so nodes need not agree on who does it.
 */
import type { Logger } from '../logger.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';

const DAY_MS = 86_400_000;
const EVERY_MS = 3_600_000;

interface Retention {
  table: string;
  /** The time column a row's age is read from. */
  column: string;
  keepMs: number;
}

/** Each entry says why its rows stop mattering after that long. */
export const RETENTIONS: readonly Retention[] = [
  // A chat tool retries a request within minutes; a claim never finished (a node died) is as dead a day later.
  { table: 'chat_requests_seen', column: 'claimed_at', keepMs: DAY_MS },
  // Twilio retries a webhook within hours.
  { table: 'phone_requests_seen', column: 'at', keepMs: 7 * DAY_MS },
  // An acknowledge link is dead at its expiry; kept a month after, it still reads "expired" rather than unknown.
  { table: 'page_links', column: 'expires_at', keepMs: 30 * DAY_MS },
  // A text or call a month old: a reply to it acknowledges nothing anyone is still waiting on.
  { table: 'phone_pages', column: 'sent_at', keepMs: 30 * DAY_MS },
  // A year of test pages shows whether someone has been reachable.
  { table: 'test_pages', column: 'sent_at', keepMs: 365 * DAY_MS },
];

export class ExpiredRows {
  private lastRun = -Infinity;

  constructor(
    private readonly db: SqlDatabase,
    private readonly logger: Logger,
  ) {}

  /** For Scheduler.watch: deletes what expired, once an hour of `now` at most. */
  readonly check = async (now: number): Promise<void> => {
    if (now - this.lastRun < EVERY_MS) return;
    this.lastRun = now;
    try {
      const deleted = await this.deleteExpired(now);
      if (Object.keys(deleted).length) this.logger.info({ deleted }, 'deleted rows past their retention');
    } catch (error) {
      this.logger.error({ err: error }, 'deleting rows past their retention failed; trying again in an hour');
    }
  };

  /** Rows deleted per table (tables with none left out). */
  async deleteExpired(now: number): Promise<Record<string, number>> {
    const deleted: Record<string, number> = {};
    for (const { table, column, keepMs } of RETENTIONS) {
      const count = await this.db.run(`DELETE FROM ${table} WHERE ${column} < ?`, [now - keepMs]);
      if (count > 0) deleted[table] = count;
    }
    return deleted;
  }
}
