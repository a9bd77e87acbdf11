/**
 * Stored schedules, overrides and computed shifts as the API answers them: instants as ISO 8601
 * in UTC, people with their current account names (a rename shows everywhere at once).
 */
import type { LayerView, OverrideView, SchedulePerson, ScheduleView, ShiftView } from '../../shared/schedules.ts';
import type { FinalShift } from './finalSchedule.ts';
import type { Shift } from './rotation.ts';
import type { OverrideRecord, ScheduleRecord } from './ScheduleStore.ts';

export type Names = ReadonlyMap<string, SchedulePerson>;

export const iso = (ms: number) => new Date(ms).toISOString();

/** An account deleted from under a schedule still shows as its id rather than failing the answer. */
export const personOf = (names: Names, id: string): SchedulePerson => names.get(id) ?? { id, name: id };

export function peopleIn(schedule: ScheduleRecord | null, overrides: readonly OverrideRecord[]): string[] {
  const ids = schedule ? schedule.layers.flatMap((l) => l.users) : [];
  for (const o of overrides) ids.push(o.userId, o.createdBy, ...(o.coversUserId ? [o.coversUserId] : []));
  return ids;
}

export function scheduleView(s: ScheduleRecord, names: Names): ScheduleView {
  const layers: LayerView[] = s.layers.map((l) => ({
    name: l.name,
    start: iso(l.start),
    rotation: l.rotation,
    handoffTime: l.handoffTime,
    users: l.users.map((id) => personOf(names, id)),
    restrictions: [...l.restrictions],
  }));
  return { id: s.id, name: s.name, timeZone: s.timeZone, layers, createdAt: iso(s.createdAt), updatedAt: iso(s.updatedAt) };
}

export function overrideView(o: OverrideRecord, names: Names): OverrideView {
  return {
    id: o.id,
    scheduleId: o.scheduleId,
    user: personOf(names, o.userId),
    start: iso(o.start),
    end: iso(o.end),
    source: o.source,
    swap: o.swapId && o.coversUserId ? { id: o.swapId, covers: personOf(names, o.coversUserId) } : null,
    createdBy: personOf(names, o.createdBy),
    createdAt: iso(o.createdAt),
  };
}

export function finalShiftView(s: FinalShift, schedule: ScheduleRecord, names: Names): ShiftView {
  const source = s.source.kind === 'override' ? s.source : { kind: 'layer' as const, layer: schedule.layers[s.source.layer]?.name ?? '' };
  return { start: iso(s.start), end: iso(s.end), user: personOf(names, s.userId), source };
}

export function layerShiftView(s: Shift, layerName: string, names: Names): ShiftView {
  return { start: iso(s.start), end: iso(s.end), user: personOf(names, s.userId), source: { kind: 'layer', layer: layerName } };
}
