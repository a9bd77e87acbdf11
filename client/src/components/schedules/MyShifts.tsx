/** Your own coming shifts in every schedule, soonest first. */
import { useEffect, useState } from 'react';
import { fetchShifts } from '../../api/schedules.ts';
import type { ScheduleView, ShiftView } from '../../api/schedules.ts';
import { errorMessage } from '../../api/http.ts';
import { zonedRange } from './zonedFormat.ts';

interface Props {
  schedules: ScheduleView[];
  myId: string;
  from: number;
  to: number;
  /** Changes whenever an override was made or removed, to load again. */
  version: number;
}

interface Mine {
  schedule: ScheduleView;
  shift: ShiftView;
}

export function MyShifts({ schedules, myId, from, to, version }: Props) {
  const [mine, setMine] = useState<Mine[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    Promise.all(schedules.map(async (schedule) => (await fetchShifts(schedule.id, from, to)).final.filter((s) => s.user.id === myId).map((shift) => ({ schedule, shift }))))
      .then((lists) => {
        if (current) setMine(lists.flat().sort((a, b) => a.shift.start.localeCompare(b.shift.start)));
      })
      .catch((e: unknown) => current && setError(errorMessage(e)));
    return () => {
      current = false;
    };
  }, [schedules, myId, from, to, version]);

  if (error) return <p className="form-error small" role="alert">{error}</p>;
  if (mine === null) return <p className="muted">Loading…</p>;
  if (mine.length === 0) return <p className="empty">You have no shifts in the next two weeks.</p>;
  return (
    <ul className="my-shifts" data-testid="my-shifts">
      {mine.map(({ schedule, shift }) => (
        <li key={`${schedule.id}|${shift.start}`}>
          <strong>{schedule.name}</strong>: {zonedRange(shift.start, shift.end, schedule.timeZone)}
          {shift.source.kind === 'override' && <span className="muted small"> (override)</span>}
        </li>
      ))}
    </ul>
  );
}
