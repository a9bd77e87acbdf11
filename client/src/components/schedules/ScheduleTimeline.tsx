/**
 * A schedule's next two weeks at a glance: the final rota on top (what pages follow), then the
 * overrides, then each layer from the top one down (a higher layer wins where it has someone).
 * Every shift is a button: Tab reaches it, its label says who and when in words, and choosing a
 * final shift offers to cover it.
 */
import type { ShiftsView, ShiftView } from '../../api/schedules.ts';
import { zonedRange } from './zonedFormat.ts';

interface Props {
  shifts: ShiftsView;
  from: number;
  to: number;
  now: number;
  myId: string;
  selected: ShiftView | null;
  onSelect: (shift: ShiftView) => void;
}

const DAY_MS = 86_400_000;

export const shiftKey = (s: ShiftView) => `${s.start}|${s.end}|${s.user.id}`;

export function ScheduleTimeline({ shifts, from, to, now, myId, selected, onSelect }: Props) {
  const span = to - from;
  const at = (t: number) => `${(Math.min(Math.max(t - from, 0), span) / span) * 100}%`;
  const days = Array.from({ length: Math.ceil(span / DAY_MS) }, (_, i) => from + i * DAY_MS);
  const overrides: ShiftView[] = shifts.overrides.map((o) => ({ start: o.start, end: o.end, user: o.user, source: { kind: 'override', overrideId: o.id } }));
  const rows: Array<{ label: string; items: ShiftView[]; selectable: boolean }> = [
    { label: 'Final', items: shifts.final, selectable: true },
    { label: 'Overrides', items: overrides, selectable: false },
    ...[...shifts.layers].reverse().map((l) => ({ label: `Layer: ${l.name}`, items: l.shifts, selectable: false })),
  ];
  const selectedKey = selected ? shiftKey(selected) : null;

  return (
    <div className="schedule-timeline" role="group" aria-label={`Shifts from ${zonedRange(new Date(from).toISOString(), new Date(to).toISOString(), shifts.timeZone)}`}>
      <span />
      <div className="timeline-days" aria-hidden="true">
        {days.map((d) => (
          <span key={d} className="timeline-day" style={{ left: at(d) }}>
            {new Date(d).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric' })}
          </span>
        ))}
      </div>
      {rows.map((row) => (
        <TimelineRow key={row.label} {...row} at={at} now={now} inRange={now >= from && now < to} zone={shifts.timeZone} myId={myId} selectedKey={selectedKey} onSelect={onSelect} />
      ))}
    </div>
  );
}

interface RowProps {
  label: string;
  items: ShiftView[];
  selectable: boolean;
  at: (t: number) => string;
  now: number;
  inRange: boolean;
  zone: string;
  myId: string;
  selectedKey: string | null;
  onSelect: (shift: ShiftView) => void;
}

function TimelineRow({ label, items, selectable, at, now, inRange, zone, myId, selectedKey, onSelect }: RowProps) {
  return (
    <>
      <span className="timeline-row-label">{label}</span>
      <div className="timeline-track" role="group" aria-label={label}>
        {items.length === 0 && <span className="muted small">nobody</span>}
        {items.map((s) => {
          const start = Date.parse(s.start);
          const end = Date.parse(s.end);
          const key = shiftKey(s);
          const classes = ['timeline-segment', s.source.kind === 'override' ? 'override' : '', s.user.id === myId ? 'mine' : ''].filter(Boolean).join(' ');
          const style = { left: at(start), width: `calc(${at(end)} - ${at(start)})` };
          const description = `${s.user.name}, ${zonedRange(s.start, s.end, zone)}${s.source.kind === 'override' ? ', override' : ''}`;
          if (!selectable) {
            return (
              <span key={key} role="img" className={classes} style={style} aria-label={description} title={description}>
                {s.user.name}
              </span>
            );
          }
          return (
            <button key={key} type="button" className={classes} style={style} aria-label={description} aria-pressed={key === selectedKey} onClick={() => onSelect(s)}>
              {s.user.name}
            </button>
          );
        })}
        {inRange && <span className="timeline-now" style={{ left: at(now) }} aria-hidden="true" />}
      </div>
    </>
  );
}
