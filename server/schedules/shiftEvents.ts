/**
 * Final shifts as calendar events. The summary is "On call: <name>", which the importer reads back
 * (a calendar exported here imports into another schedule as the same people's overrides).
 */
import type { FinalShift } from './finalSchedule.ts';
import type { CalendarEvent } from './icsCalendar.ts';
import type { ScheduleRecord } from './ScheduleStore.ts';
import { personOf } from './scheduleViews.ts';
import type { Names } from './scheduleViews.ts';

export function shiftEvent(schedule: ScheduleRecord, shift: FinalShift, names: Names): CalendarEvent {
  const from = shift.source.kind === 'override' ? 'override' : `layer ${schedule.layers[shift.source.layer]?.name ?? ''}`;
  return {
    // Stable while the shift is: the same start and person in the same schedule.
    uid: `${schedule.id}-${shift.start}-${shift.userId}@incident-room`,
    start: shift.start,
    end: shift.end,
    summary: `On call: ${personOf(names, shift.userId).name}`,
    description: `${schedule.name} (${from})`,
  };
}
