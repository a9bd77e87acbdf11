/**
 * Vendors' restrictions as this server's windows. PagerDuty and Opsgenie both say "from this
 * moment of the week, for this long"; a window here is a time range on listed days that may run
 * into the next day, so a range longer than a day becomes a window per day it touches.
 */
import { WEEKDAYS } from '../../shared/schedules.ts';
import type { Restriction } from '../../shared/schedules.ts';
import { hhmm } from './plan.ts';

const DAY = 1440;
const WEEK = 7 * DAY;

/** A range of the week (minutes from Monday 00:00, and a length) as windows; null when it covers the whole week. */
export function weekRangeWindows(startOfWeek: number, minutes: number): Restriction[] | null {
  if (minutes >= WEEK) return null;
  const start = ((startOfWeek % WEEK) + WEEK) % WEEK;
  const day = (m: number) => WEEKDAYS[Math.floor((m % WEEK) / DAY)]!;
  const end = start + minutes;
  if (minutes < DAY) return [{ days: [day(start)], from: hhmm(start % DAY), to: end % DAY === 0 ? '24:00' : hhmm(end % DAY) }];
  const windows: Restriction[] = [];
  const wholeDays: Array<(typeof WEEKDAYS)[number]> = [];
  let cursor = start;
  if (start % DAY !== 0) {
    windows.push({ days: [day(start)], from: hhmm(start % DAY), to: '24:00' });
    cursor = start - (start % DAY) + DAY;
  }
  for (; cursor + DAY <= end; cursor += DAY) wholeDays.push(day(cursor));
  if (wholeDays.length > 0) windows.push({ days: wholeDays, from: '00:00', to: '24:00' });
  if (cursor < end) windows.push({ days: [day(cursor)], from: '00:00', to: hhmm(end - cursor) });
  return windows;
}

/** A range of every day as a window; null when it covers the whole day. */
export function dailyRangeWindow(startOfDay: number, minutes: number): Restriction | null {
  if (minutes >= DAY) return null;
  const end = startOfDay + minutes;
  return { from: hhmm(startOfDay), to: end === DAY ? '24:00' : hhmm(end % DAY) };
}
