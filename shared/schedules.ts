/**
 * On-call schedules (issue 18): what a schedule is, as requests write it and as the server answers.
 *
 * A schedule has a name, an IANA time zone and layers, listed bottom to top: at any instant the
 * top-most layer that has someone on call decides, and overrides sit above every layer (the
 * newest override wins where two overlap). A layer rotates through its people:
 *
 * - `daily` and `weekly`: the first shift runs from `start` to the first hand-off, which is at
 *   `handoffTime` (local, in the schedule's zone) on the day one period (1 or 7 days) after the
 *   start's local day; every later shift runs from one hand-off to the next. Without
 *   `handoffTime`, hand-offs are at the start's local time of day. A shift is a local day or week,
 *   so across a clock change it lasts 23 or 25 (167 or 169) hours.
 * - `hours`: shifts of exactly `hours` elapsed hours from `start`, whatever the clocks do.
 *
 * A local time the clocks skip (02:30 on a spring-forward night) means the first instant after the
 * gap (03:00 of the new offset); a local time they repeat means its first occurrence.
 *
 * Restrictions limit when a layer is on call: each is a window from `from` to `to` (local) on the
 * listed `days` (every day when omitted). A window whose `to` is not after `from` ends on the next
 * day ("22:00" to "06:00"), and "24:00" ends at midnight. The rotation keeps counting through the
 * gaps between windows; in a gap the layer has nobody and the layers below it decide.
 *
 * Times in requests are ISO 8601: with `Z` or an offset they are instants; without, local times in
 * the schedule's zone. Answers give instants in UTC (`...Z`).
 */
import { z } from 'zod';
import { Limits } from './limits.ts';

/** Bounds that keep one schedule's computation and one answer small. */
export const ScheduleLimits = {
  layers: 10,
  usersPerLayer: 50,
  restrictionsPerLayer: 21,
  maxRotationHours: 24 * 30,
  /** The longest override (a holiday's cover). */
  maxOverrideMs: 92 * 24 * 3_600_000,
  /** The widest range `shifts` answers in one request. */
  maxRangeMs: 92 * 24 * 3_600_000,
  /** Overrides a schedule holds that have not ended yet. */
  openOverrides: 2_000,
  /** Events one iCalendar import may hold. */
  importEvents: 1_000,
  /** Bytes of a `text/calendar` import body. */
  importBytes: 1024 * 1024,
  schedules: 500,
} as const;

/** How far the calendar feeds reach: a week back (calendar apps keep what they saw) and eight ahead. */
export const CalendarWindow = { pastMs: 7 * 24 * 3_600_000, aheadMs: 8 * 7 * 24 * 3_600_000 } as const;

/** The timeline the UI shows by default. */
export const DEFAULT_RANGE_MS = 14 * 24 * 3_600_000;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

let zoneNames: readonly string[] | null = null;

/**
 * An IANA time zone as the schedule keeps it, or null when Intl does not know it: spelled as given
 * with the case of Intl's list ("europe/berlin" is "Europe/Berlin"). Not Intl's canonical id: ICU
 * turns "Asia/Kolkata" into "Asia/Calcutta", which surprises the team that typed it.
 */
export function canonicalTimeZone(zone: string): string | null {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    return null;
  }
  zoneNames ??= Intl.supportedValuesOf('timeZone');
  const lower = zone.toLowerCase();
  return zoneNames.find((name) => name.toLowerCase() === lower) ?? zone;
}

const name = z.string().trim().min(1, 'must not be empty').max(Limits.nameLength);
const userId = z.string().trim().min(1, 'must not be empty').max(Limits.idLength);
const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day "HH:MM" (00:00 to 23:59)');
const windowEnd = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a time of day "HH:MM" (00:00 to 24:00)');
/** An instant (`Z` or an offset) or a local time in the schedule's zone (no offset). */
export const DateTimeText = z.iso.datetime({ offset: true, local: true, error: 'must be an ISO 8601 date and time such as "2026-03-02T09:00:00Z"' });

export const TimeZoneName = z
  .string()
  .max(64)
  .transform((zone, ctx) => {
    const canonical = canonicalTimeZone(zone);
    if (canonical === null) {
      ctx.addIssue({ code: 'custom', message: 'must be an IANA time zone such as "Europe/Berlin"' });
      return z.NEVER;
    }
    return canonical;
  });

export const Restriction = z
  .strictObject({
    days: z.array(z.enum(WEEKDAYS, { error: `must be one of ${WEEKDAYS.join(', ')}` })).min(1).max(7).optional(),
    from: timeOfDay,
    to: windowEnd,
  })
  .refine((r) => r.from !== r.to, { message: 'from and to must differ (a whole day is "00:00" to "24:00")', path: ['to'] });
export type Restriction = z.infer<typeof Restriction>;

export const Rotation = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('daily') }),
    z.strictObject({ type: z.literal('weekly') }),
    z.strictObject({ type: z.literal('hours'), hours: z.int().min(1).max(ScheduleLimits.maxRotationHours) }),
  ],
  { error: 'type must be "daily", "weekly" or "hours"' },
);
export type Rotation = z.infer<typeof Rotation>;

export const LayerInput = z
  .strictObject({
    name,
    start: DateTimeText,
    rotation: Rotation,
    handoffTime: timeOfDay.optional(),
    users: z.array(userId).min(1, 'must name at least one person').max(ScheduleLimits.usersPerLayer),
    restrictions: z.array(Restriction).max(ScheduleLimits.restrictionsPerLayer).optional(),
  })
  .refine((l) => !(l.rotation.type === 'hours' && l.handoffTime !== undefined), {
    message: 'applies to daily and weekly rotations; an "hours" rotation hands off every N hours from its start',
    path: ['handoffTime'],
  });
export type LayerInput = z.infer<typeof LayerInput>;

export const ScheduleInput = z
  .strictObject({
    name,
    timeZone: TimeZoneName,
    layers: z.array(LayerInput).min(1, 'must have at least one layer').max(ScheduleLimits.layers),
  })
  .refine((s) => new Set(s.layers.map((l) => l.name.toLowerCase())).size === s.layers.length, {
    message: 'names must differ from each other',
    path: ['layers'],
  });
export type ScheduleInput = z.infer<typeof ScheduleInput>;

export const OverrideInput = z.strictObject({ userId, start: DateTimeText, end: DateTimeText });
export type OverrideInput = z.infer<typeof OverrideInput>;

/** Two people trade shifts: each covers the other's range, recorded as two overrides naming both. */
export const SwapInput = z.strictObject({ first: OverrideInput, second: OverrideInput });
export type SwapInput = z.infer<typeof SwapInput>;

/** `POST /api/schedules/<id>/import` as JSON (a `text/calendar` body is the file itself). */
export const ImportInput = z.strictObject({ ics: z.string().min(1, 'must not be empty').max(ScheduleLimits.importBytes) });

/** Query of `shifts`, `oncall` and the person's calendar link (API token: for whom). */
export const RangeQuery = z.object({ from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() });
export const AtQuery = z.object({ at: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 instant such as "2026-03-02T09:00:00Z"' }).optional() });
export const CalendarLinkQuery = z.object({ userId: userId.optional() });

// Answers. Instants are ISO 8601 in UTC.

export interface SchedulePerson {
  id: string;
  name: string;
}

export interface LayerView {
  name: string;
  start: string;
  rotation: Rotation;
  /** Null for "hours" rotations. */
  handoffTime: string | null;
  users: SchedulePerson[];
  restrictions: Restriction[];
}

export interface ScheduleView {
  id: string;
  name: string;
  timeZone: string;
  /** Bottom to top: a higher layer wins where it has someone. */
  layers: LayerView[];
  createdAt: string;
  updatedAt: string;
}

export type OverrideSource = 'override' | 'swap' | 'import';

export interface OverrideView {
  id: string;
  scheduleId: string;
  user: SchedulePerson;
  start: string;
  end: string;
  source: OverrideSource;
  /** For a swap: its id and the person whose shift this override covers. */
  swap: { id: string; covers: SchedulePerson } | null;
  createdBy: SchedulePerson;
  createdAt: string;
}

export type ShiftSource = { kind: 'layer'; layer: string } | { kind: 'override'; overrideId: string };

export interface ShiftView {
  start: string;
  end: string;
  user: SchedulePerson;
  source: ShiftSource;
}

export interface ShiftsView {
  scheduleId: string;
  timeZone: string;
  from: string;
  to: string;
  /** Who is on call, overrides included: what pages follow. */
  final: ShiftView[];
  /** Each layer's own shifts (restrictions applied), bottom to top. */
  layers: Array<{ name: string; shifts: ShiftView[] }>;
  overrides: OverrideView[];
}

export interface OnCallView {
  scheduleId: string;
  at: string;
  /** Empty when nobody is on call (every layer is in a gap). */
  users: SchedulePerson[];
  /** The shift under way, within a week either side of `at`. */
  shift: ShiftView | null;
}

export interface SwapView {
  swapId: string;
  overrides: [OverrideView, OverrideView];
}

export interface ImportReport {
  imported: OverrideView[];
  /** Events nobody here matched, or that could not be used, with the reason. */
  unmatched: Array<{ uid: string | null; summary: string | null; start: string | null; end: string | null; reason: string }>;
  /** Events already over when imported. */
  skippedPast: number;
}

export interface CalendarLinkView {
  id: string;
  userId: string;
  createdAt: string;
  /** Only in the answer that made it: the secret is stored hashed and cannot be shown again. */
  url?: string;
}
