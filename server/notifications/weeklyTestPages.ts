/**
 * Opt-in weekly test pages (issue 19): a phone number that stopped working is found on a quiet
 * Tuesday, not during the outage. Each person who opts in names a weekday, a local time and a time
 * zone; at that moment every week a test text or call goes to each of their SMS and voice numbers,
 * recorded in their test page log (TestPageLog).
 *
 * A timer row would name an incident, and this has none: the settings row keeps its own next due
 * time, and every node looks at it in each timer poll (Scheduler.watch, as the dead man's switch
 * does). Moving next_at on from the value it was read with is the claim, in the transaction that
 * queues the messages, so a test page goes out once in a cluster, and a server that was down for
 * weeks sends one, not one per week missed.
 */
import { WEEKDAYS } from '../../shared/schedules.ts';
import type { Weekday } from '../../shared/schedules.ts';
import { WEEKLY_TEST_METHODS } from '../../shared/imports.ts';
import type { WeeklyTestPageInput, WeeklyTestPageView } from '../../shared/imports.ts';
import type { Scheduler } from '../lifecycle/Scheduler.ts';
import type { Logger } from '../logger.ts';
import { addDays, instantAtMinutes, localDateOf, minutesOf, weekdayIndex } from '../schedules/zonedTime.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';
import type { Users } from '../storage/users.ts';
import { ThrottledLog } from '../throttledLog.ts';
import type { NotificationSettings } from './NotificationSettings.ts';
import type { TestNotifications, TestPageLog } from './TestNotifications.ts';

interface Row {
  user_id: string;
  weekday: string;
  local_time: string;
  time_zone: string;
  next_at: number;
  last_sent_at: number | null;
}

/** Due pages handled per poll; the rest wait for the next one. */
const BATCH = 100;

/** The first moment after `after` that is `day` at `time` in `zone`. */
export function nextWeeklyAt(day: Weekday, time: string, zone: string, after: number): number {
  const today = localDateOf(after, zone);
  const wanted = WEEKDAYS.indexOf(day);
  // Eight days: today's moment may have passed already, and then it is a week on.
  for (let k = 0; k <= 7; k++) {
    const date = addDays(today, k);
    if (weekdayIndex(date) !== wanted) continue;
    const at = instantAtMinutes(date, minutesOf(time), zone);
    if (at > after) return at;
  }
  throw new Error(`no ${day} ${time} in ${zone} within a week of ${after}`);
}

export interface WeeklyTestPagesDeps {
  db: SqlDatabase;
  settings: NotificationSettings;
  tests: TestNotifications;
  users: Pick<Users, 'state'>;
  log: TestPageLog;
  logger: Logger;
  now: () => number;
}

export class WeeklyTestPages {
  private readonly failures: ThrottledLog;

  constructor(private readonly deps: WeeklyTestPagesDeps) {
    this.failures = new ThrottledLog(deps.logger, 6, deps.now);
  }

  start(scheduler: Pick<Scheduler, 'watch'>): void {
    scheduler.watch((now) => this.check(now));
  }

  async get(userId: string): Promise<WeeklyTestPageView | null> {
    const row = await this.deps.db.get<Row>('SELECT * FROM weekly_test_pages WHERE user_id = ?', [userId]);
    return row ? viewOf(row) : null;
  }

  async put(userId: string, input: WeeklyTestPageInput): Promise<WeeklyTestPageView> {
    const now = this.deps.now();
    const next = nextWeeklyAt(input.day, input.time, input.timeZone, now);
    await this.deps.db.run(
      `INSERT INTO weekly_test_pages (user_id, weekday, local_time, time_zone, next_at, last_sent_at, updated_at) VALUES (?, ?, ?, ?, ?, NULL, ?)
       ON CONFLICT (user_id) DO UPDATE SET weekday = excluded.weekday, local_time = excluded.local_time, time_zone = excluded.time_zone,
         next_at = excluded.next_at, updated_at = excluded.updated_at`,
      [userId, input.day, input.time, input.timeZone, next, now],
    );
    return (await this.get(userId))!;
  }

  async remove(userId: string): Promise<boolean> {
    return (await this.deps.db.run('DELETE FROM weekly_test_pages WHERE user_id = ?', [userId])) > 0;
  }

  private async check(now: number): Promise<void> {
    const { db } = this.deps;
    let due: Row[];
    try {
      due = await db.all<Row>('SELECT * FROM weekly_test_pages WHERE next_at <= ? ORDER BY next_at LIMIT ?', [now, BATCH]);
    } catch (error) {
      this.failures.warn({ err: error }, 'could not look for weekly test pages that are due');
      return;
    }
    for (const row of due) {
      try {
        await db.transaction(() => this.fire(row, now));
      } catch (error) {
        this.failures.warn({ err: error, userId: row.user_id }, 'could not send a weekly test page; retrying at the next poll');
      }
    }
  }

  private async fire(row: Row, now: number): Promise<void> {
    const next = nextWeeklyAt(row.weekday as Weekday, row.local_time, row.time_zone, now);
    const claimed = await this.deps.db.run('UPDATE weekly_test_pages SET next_at = ?, last_sent_at = ? WHERE user_id = ? AND next_at = ?', [next, now, row.user_id, row.next_at]);
    if (claimed === 0) return;
    const account = await this.deps.users.state(row.user_id);
    if (!account || account.deactivatedAt !== null) return;
    // A person whose numbers are all gone gets a record with nothing sent: that is the finding.
    const methods = (await this.deps.settings.methods(row.user_id)).filter((m) => WEEKLY_TEST_METHODS.includes(m.type));
    const results = await this.deps.tests.queue(row.user_id, methods);
    await this.deps.log.add({ userId: row.user_id, kind: 'weekly', scheduleId: null, sentBy: null, at: now, results });
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

const viewOf = (row: Row): WeeklyTestPageView => ({
  day: row.weekday as Weekday,
  time: row.local_time,
  timeZone: row.time_zone,
  nextAt: iso(row.next_at),
  lastSentAt: row.last_sent_at === null ? null : iso(row.last_sent_at),
});
