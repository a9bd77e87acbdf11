/**
 * /schedules: who is on call over the next two weeks in each schedule (layers, overrides and the
 * final rota), your own shifts and calendar link, and covering a shift in two clicks: choose it in
 * the final row, then "Cover this shift".
 */
import { useEffect, useMemo, useState } from 'react';
import { useUsers } from '../api/roster.ts';
import { useSchedules, useShifts } from '../api/schedules.ts';
import type { ShiftView } from '../api/schedules.ts';
import { useSession } from '../api/session.tsx';
import { useNow } from '../format/useNow.ts';
import { TopBar } from '../components/TopBar.tsx';
import { CalendarLinkPanel } from '../components/schedules/CalendarLinkPanel.tsx';
import { CoverShift } from '../components/schedules/CoverShift.tsx';
import { MyShifts } from '../components/schedules/MyShifts.tsx';
import { OverrideList } from '../components/schedules/OverrideList.tsx';
import { ScheduleTimeline, shiftKey } from '../components/schedules/ScheduleTimeline.tsx';
import '../components/schedules/schedules.css';

const TWO_WEEKS_MS = 14 * 86_400_000;

/** Today's local midnight: the timeline starts on a day boundary and stays put for the day. */
function startOfToday(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

export function SchedulesPage() {
  const session = useSession();
  const now = useNow(60_000);
  const from = startOfToday(now);
  const to = from + TWO_WEEKS_MS;
  const { schedules, error, loading } = useSchedules();
  const { users } = useUsers();
  const [chosen, setChosen] = useState<string | null>(null);
  const [selected, setSelected] = useState<ShiftView | null>(null);
  const [version, setVersion] = useState(0);
  const scheduleId = chosen ?? schedules[0]?.id ?? null;
  const schedule = schedules.find((s) => s.id === scheduleId) ?? null;
  const shifts = useShifts(scheduleId, from, to);
  const me = useMemo(() => ({ id: session.userId, name: session.name }), [session.userId, session.name]);

  useEffect(() => {
    document.title = 'On-call schedules · Incident Room';
  }, []);

  const changed = () => {
    setSelected(null);
    setVersion((v) => v + 1);
    void shifts.refresh();
  };
  // A selection that is no longer a final shift (someone covered it) is dropped.
  const current = selected && shifts.data?.final.some((s) => shiftKey(s) === shiftKey(selected)) ? selected : null;

  return (
    <div className="page schedules-page">
      <TopBar />
      <main className="schedules-main">
        <section className="panel" aria-labelledby="schedules-heading">
          <header className="panel-header">
            <h1 id="schedules-heading">On-call schedules</h1>
            <span className="muted small">{loading && schedules.length === 0 ? 'Loading…' : `${schedules.length} schedule${schedules.length === 1 ? '' : 's'}`}</span>
          </header>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          {schedules.length === 0 && !loading && <p className="empty">No schedule yet. Schedules are made over the API: POST /api/schedules.</p>}
          <ul className="schedule-picker" aria-label="Schedules">
            {schedules.map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  className="small-button"
                  aria-pressed={s.id === scheduleId}
                  onClick={() => {
                    setChosen(s.id);
                    setSelected(null);
                  }}
                >
                  {s.name} <span className="muted small">({s.timeZone})</span>
                </button>
              </li>
            ))}
          </ul>
        </section>

        {schedule && (
          <section className="panel" aria-labelledby="timeline-heading">
            <header className="panel-header">
              <h2 id="timeline-heading">{schedule.name}: the next two weeks</h2>
              <span className="muted small">times in {schedule.timeZone}</span>
            </header>
            {shifts.error && (
              <p className="form-error" role="alert">
                {shifts.error}
              </p>
            )}
            {shifts.data && (
              <>
                <p className="muted small">Choose a shift in the Final row to cover it.</p>
                <ScheduleTimeline shifts={shifts.data} from={from} to={to} now={now} myId={me.id} selected={current} onSelect={setSelected} />
                {current && <CoverShift key={shiftKey(current)} scheduleId={schedule.id} zone={schedule.timeZone} shift={current} now={now} me={me} people={users} onCovered={changed} />}
                <h3>Overrides</h3>
                <OverrideList scheduleId={schedule.id} zone={schedule.timeZone} overrides={shifts.data.overrides} onChanged={changed} />
              </>
            )}
          </section>
        )}

        <section className="panel" aria-labelledby="my-shifts-heading">
          <header className="panel-header">
            <h2 id="my-shifts-heading">My shifts</h2>
          </header>
          <MyShifts schedules={schedules} myId={me.id} from={from} to={to} version={version} />
          <h3>In your calendar</h3>
          <CalendarLinkPanel />
        </section>
      </main>
    </div>
  );
}
