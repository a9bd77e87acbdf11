/**
 * Who is on call, from storage: a schedule's layers and overrides through the engine. Escalation
 * policies, the lobby and the roster ask `onCallNow`; the routes and calendars ask for shifts.
 */
import type { OnCallView, SchedulePerson } from '../../shared/schedules.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';
import { shiftAt, timeline } from './finalSchedule.ts';
import type { EngineSchedule, FinalShift, Timeline } from './finalSchedule.ts';
import { ScheduleStore } from './ScheduleStore.ts';
import type { OverrideRecord, ScheduleRecord } from './ScheduleStore.ts';
import { finalShiftView, iso, personOf } from './scheduleViews.ts';

const WEEK_MS = 7 * 86_400_000;

const engineOf = (s: ScheduleRecord): EngineSchedule => ({ timeZone: s.timeZone, layers: s.layers });

export interface ScheduleTimeline extends Timeline {
  overrides: OverrideRecord[];
}

export class OnCall {
  readonly store: ScheduleStore;

  constructor(db: SqlDatabase) {
    this.store = new ScheduleStore(db);
  }

  /**
   * The people on call for a schedule at `at` (ms): one person, or none where every layer is in a
   * gap; null when there is no such schedule.
   */
  async onCallNow(scheduleId: string, at: number): Promise<SchedulePerson[] | null> {
    return (await this.at(scheduleId, at))?.users ?? null;
  }

  async at(scheduleId: string, at: number): Promise<OnCallView | null> {
    const schedule = await this.store.get(scheduleId);
    if (!schedule) return null;
    const shift = await this.shiftAt(schedule, at);
    const names = await this.store.people(shift ? [shift.userId] : []);
    return {
      scheduleId,
      at: iso(at),
      users: shift ? [personOf(names, shift.userId)] : [],
      shift: shift ? finalShiftView(shift, schedule, names) : null,
    };
  }

  async shiftAt(schedule: ScheduleRecord, at: number): Promise<FinalShift | null> {
    const overrides = await this.store.overrides(schedule.id, at - WEEK_MS, at + WEEK_MS);
    return shiftAt(engineOf(schedule), overrides, at);
  }

  async timeline(schedule: ScheduleRecord, from: number, to: number): Promise<ScheduleTimeline> {
    const overrides = await this.store.overrides(schedule.id, from, to);
    return { ...timeline(engineOf(schedule), overrides, from, to), overrides };
  }

  /** One person's final shifts in every schedule, for their private calendar. */
  async shiftsOf(userId: string, from: number, to: number): Promise<Array<{ schedule: ScheduleRecord; shift: FinalShift }>> {
    const out: Array<{ schedule: ScheduleRecord; shift: FinalShift }> = [];
    for (const schedule of await this.store.list()) {
      const { final } = await this.timeline(schedule, from, to);
      for (const shift of final) if (shift.userId === userId) out.push({ schedule, shift });
    }
    return out.sort((a, b) => a.shift.start - b.shift.start);
  }
}
