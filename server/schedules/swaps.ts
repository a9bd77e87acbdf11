/**
 * A shift swap: two people each cover the other's shift, recorded as two overrides that name both
 * (who covers, whose shift) and share a swap id, so the pair shows, and is undone, as one. Each
 * person must be the one on call for the whole range they give away; anything else is not a swap.
 */
import { CommandError } from '../commands/CommandError.ts';
import type { OnCall } from './OnCall.ts';
import type { OverrideRange } from './scheduleInput.ts';
import type { NewOverride, ScheduleRecord } from './ScheduleStore.ts';
import { newId } from '../ids.ts';

async function requireOnCallThroughout(onCall: OnCall, schedule: ScheduleRecord, range: OverrideRange, field: string): Promise<void> {
  const { final } = await onCall.timeline(schedule, range.start, range.end);
  let covered = range.start;
  for (const shift of final) {
    if (shift.start !== covered || shift.userId !== range.userId) break;
    covered = shift.end;
  }
  if (covered < range.end) throw new CommandError('invalid', `${field}: ${range.userId} is not the one on call from ${field}.start to ${field}.end`);
}

export async function swapOverrides(
  onCall: OnCall,
  schedule: ScheduleRecord,
  first: OverrideRange,
  second: OverrideRange,
  createdBy: string,
): Promise<NewOverride[]> {
  if (first.userId === second.userId) throw new CommandError('invalid', 'a swap is between two different people');
  if (first.start < second.end && second.start < first.end) throw new CommandError('invalid', 'the two shifts of a swap must not overlap');
  await requireOnCallThroughout(onCall, schedule, first, 'first');
  await requireOnCallThroughout(onCall, schedule, second, 'second');
  const swapId = newId('swp');
  return [
    { userId: second.userId, coversUserId: first.userId, start: first.start, end: first.end, swapId, createdBy },
    { userId: first.userId, coversUserId: second.userId, start: second.start, end: second.end, swapId, createdBy },
  ];
}
