/**
 * Wall clocks in IANA time zones with nothing but Intl (DESIGN: "a rotation is computed in its IANA
 * time zone, never as fixed hours"). An instant has one local time; a local time has one instant,
 * none (the clocks skipped it) or two (they repeated it). This module decides the last two cases
 * once for schedules: a skipped local time means the first instant after the gap, a repeated one
 * its first occurrence.
 */
export interface LocalDate {
  year: number;
  /** 1 to 12. */
  month: number;
  day: number;
}

export interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
/** Zones are validated names, few in practice; the bound only guards against a flood of them. */
const MAX_FORMATTERS = 1_000;

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

export function wallClock(at: number, zone: string): LocalDateTime {
  const out: LocalDateTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatter(zone).formatToParts(at)) {
    if (part.type in out) out[part.type as keyof LocalDateTime] = Number(part.value);
  }
  return out;
}

const asUtc = (t: LocalDateTime) => Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);

/** The zone's offset from UTC at an instant, in ms (whole seconds). */
export function offsetAt(at: number, zone: string): number {
  const whole = Math.floor(at / 1000) * 1000;
  return asUtc(wallClock(whole, zone)) - whole;
}

/** The instant of a local time in `zone`, resolving skipped and repeated times as the module says. */
export function instantOf(local: LocalDateTime, zone: string): number {
  const guess = asUtc(local);
  // Offsets change at most once within a day either side of any local time that schedules use.
  const before = offsetAt(guess - DAY_MS, zone);
  const after = offsetAt(guess + DAY_MS, zone);
  const valid = [guess - before, guess - after].filter((t) => offsetAt(t, zone) === guess - t);
  if (valid.length > 0) return Math.min(...valid);
  return transitionBetween(guess - after, guess - before, zone);
}

/** The first instant (to the second) whose offset differs from `lo`'s, given `hi` has the new one. */
function transitionBetween(lo: number, hi: number, zone: string): number {
  const old = offsetAt(lo, zone);
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (offsetAt(mid, zone) === old) lo = mid;
    else hi = mid;
  }
  return hi;
}

export function localDateOf(at: number, zone: string): LocalDate {
  const { year, month, day } = wallClock(at, zone);
  return { year, month, day };
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Days since 1970-01-01 of a calendar date, for counting days between two dates. */
export function dayNumber(date: LocalDate): number {
  return Date.UTC(date.year, date.month - 1, date.day) / DAY_MS;
}

/** 0 is Monday, 6 Sunday (the order of WEEKDAYS). */
export function weekdayIndex(date: LocalDate): number {
  return (new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7;
}

/** Minutes since midnight of "HH:MM" ("24:00" is 1440). */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** The instant of a date at a number of minutes after its local midnight (1440: the next midnight). */
export function instantAtMinutes(date: LocalDate, minutes: number, zone: string): number {
  const day = minutes >= 1440 ? addDays(date, Math.floor(minutes / 1440)) : date;
  const rest = minutes % 1440;
  return instantOf({ ...day, hour: Math.floor(rest / 60), minute: rest % 60, second: 0 }, zone);
}
