/**
 * The second click of "cover this shift": the chosen final shift, and a button that makes an
 * override for it (from now, if it is under way) for you or whoever you pick.
 */
import { useState } from 'react';
import type { Person } from '../../../../shared/incident.ts';
import { createOverride } from '../../api/schedules.ts';
import type { ShiftView } from '../../api/schedules.ts';
import { errorMessage } from '../../api/http.ts';
import { PersonPicker } from '../PersonPicker.tsx';
import { zonedRange } from './zonedFormat.ts';

interface Props {
  scheduleId: string;
  zone: string;
  shift: ShiftView;
  now: number;
  me: Person;
  people: Person[];
  onCovered: () => void;
}

export function CoverShift({ scheduleId, zone, shift, now, me, people, onCovered }: Props) {
  const [who, setWho] = useState(me.id);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const start = new Date(Math.max(Date.parse(shift.start), now)).toISOString();
  const cover = async () => {
    setBusy(true);
    setError(null);
    try {
      await createOverride(scheduleId, { userId: who, start, end: shift.end });
      onCovered();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="cover-shift" role="region" aria-label="Selected shift">
      <span>
        <strong>{shift.user.name}</strong> is on call {zonedRange(shift.start, shift.end, zone)}.
      </span>
      <label htmlFor="cover-who">Covered by</label>
      <PersonPicker id="cover-who" value={who} people={people} onChange={(id) => setWho(id || me.id)} emptyLabel={`Me (${me.name})`} fallbackName={me.name} />
      <button type="button" className="small-button" onClick={() => void cover()} disabled={busy || who === shift.user.id}>
        {who === me.id ? 'Cover this shift' : 'Make the override'}
      </button>
      {error && (
        <p className="form-error small" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
