/** The overrides in view, each removable; removing half of a swap removes the swap. */
import { useState } from 'react';
import { removeOverride } from '../../api/schedules.ts';
import type { OverrideView } from '../../api/schedules.ts';
import { errorMessage } from '../../api/http.ts';
import { zonedRange } from './zonedFormat.ts';

interface Props {
  scheduleId: string;
  zone: string;
  overrides: OverrideView[];
  onChanged: () => void;
}

const sourceLabel = (o: OverrideView) =>
  o.swap ? `swap: covers ${o.swap.covers.name}` : o.source === 'import' ? 'imported' : `made by ${o.createdBy.name}`;

export function OverrideList({ scheduleId, zone, overrides, onChanged }: Props) {
  const [error, setError] = useState<string | null>(null);
  if (overrides.length === 0) return <p className="empty">No overrides in these two weeks.</p>;
  const remove = async (o: OverrideView) => {
    setError(null);
    try {
      await removeOverride(scheduleId, o.id);
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <>
      <ul className="override-list">
        {overrides.map((o) => (
          <li key={o.id}>
            <strong>{o.user.name}</strong> {zonedRange(o.start, o.end, zone)} <span className="muted small">({sourceLabel(o)})</span>{' '}
            <button type="button" className="link-button" onClick={() => void remove(o)} aria-label={`Remove the override of ${o.user.name}, ${zonedRange(o.start, o.end, zone)}`}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p className="form-error small" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
