/**
 * Importing a schedule's shifts from an iCalendar file: each event whose person is found becomes an
 * override (source "import"), so imported shifts sit above the layers, show in the timeline and
 * the calendar, and can be removed one by one. Importing the same file again replaces the
 * overrides it made (matched by UID and start) instead of adding them twice. Events already over
 * are skipped; the others that cannot be used are reported with the reason, and change nothing.
 */
import type { ImportReport } from '../../shared/schedules.ts';
import { ScheduleLimits } from '../../shared/schedules.ts';
import { CommandError } from '../commands/CommandError.ts';
import { calendarFileEvents } from './icsEvents.ts';
import { matchPerson } from './importMatching.ts';
import type { Candidate } from './importMatching.ts';
import type { NewOverride, OverrideRecord, ScheduleRecord, ScheduleStore } from './ScheduleStore.ts';
import { iso } from './scheduleViews.ts';

export interface ImportResult {
  imported: OverrideRecord[];
  unmatched: ImportReport['unmatched'];
  skippedPast: number;
}

export async function importCalendar(input: {
  store: ScheduleStore;
  schedule: ScheduleRecord;
  ics: string;
  people: readonly Candidate[];
  createdBy: string;
  now: number;
}): Promise<ImportResult> {
  const { store, schedule, now } = input;
  const events = await calendarFileEvents(input.ics, schedule.timeZone);
  const overrides: NewOverride[] = [];
  const unmatched: ImportResult['unmatched'] = [];
  let skippedPast = 0;
  for (const event of events) {
    const report = (reason: string) =>
      unmatched.push({
        uid: event.uid,
        summary: event.summary,
        start: event.start === null ? null : iso(event.start),
        end: event.end === null ? null : iso(event.end),
        reason,
      });
    if (event.problem !== null || event.start === null || event.end === null) {
      report(event.problem ?? 'no usable times');
      continue;
    }
    if (event.end <= now) {
      skippedPast++;
      continue;
    }
    if (event.end - event.start > ScheduleLimits.maxOverrideMs) {
      report(`longer than ${ScheduleLimits.maxOverrideMs / 86_400_000} days: not a shift`);
      continue;
    }
    const match = matchPerson(event, input.people);
    if ('reason' in match) {
      report(match.reason);
      continue;
    }
    const externalId = `${event.uid ?? ''}|${event.start}`;
    overrides.push({ userId: match.userId, start: event.start, end: event.end, externalId, createdBy: input.createdBy });
  }
  const open = await store.openOverrides(schedule.id, now);
  if (open + overrides.length > ScheduleLimits.openOverrides) {
    throw new CommandError('invalid', `a schedule holds at most ${ScheduleLimits.openOverrides} overrides that have not ended; this import would make ${open + overrides.length}`);
  }
  const imported = await store.addOverrides(schedule.id, 'import', overrides, now);
  return { imported, unmatched, skippedPast };
}
