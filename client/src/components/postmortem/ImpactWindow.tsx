/**
 * When the impact started, was detected, mitigated and resolved (the `impact` root, in ms). Times
 * are entered on this device's clock and zone, which the label names. A time the server would
 * refuse (before 2000, or more than a day ahead) is never written: the server closes the
 * connection of a writer that sends one.
 */
import { useState } from 'react';
import type * as Y from 'yjs';
import { IMPACT_FIELDS } from '../../../../shared/postmortem.ts';
import type { ImpactField } from '../../../../shared/postmortem.ts';
import { isRecordedTime } from '../../../../shared/limits.ts';
import { durationText } from '../../../../shared/eventText.ts';
import { zoneLabel } from '../../format/time.ts';
import { useYMapFields } from '../../sync/useYjs.ts';

const LABELS: Record<ImpactField, string> = {
  started: 'Impact started',
  detected: 'Detected',
  mitigated: 'Mitigated',
  resolved: 'Resolved',
};

const pad = (n: number) => String(n).padStart(2, '0');

/** The value a datetime-local input shows for `at`, on this device's clock. */
function localValue(at: number | null | undefined): string {
  if (typeof at !== 'number') return '';
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function ImpactWindow({ impact, readOnly }: { impact: Y.Map<number | null>; readOnly: boolean }) {
  const times = useYMapFields<Record<ImpactField, number | null>>(impact as Y.Map<unknown>);
  const [error, setError] = useState<string | null>(null);

  const set = (field: ImpactField, value: string) => {
    if (value === '') {
      setError(null);
      impact.set(field, null);
      return;
    }
    // A datetime-local value has no zone, and Date reads such a value on the local clock.
    const at = new Date(value).getTime();
    if (!isRecordedTime(at, Date.now())) {
      setError(`${LABELS[field]}: choose a time after 2000 and not in the future.`);
      return;
    }
    setError(null);
    impact.set(field, at);
  };

  const started = times.started;
  const resolved = times.resolved;
  return (
    <section className="postmortem-panel" aria-labelledby="pm-impact">
      <h2 id="pm-impact">Impact window</h2>
      <p className="muted small">Times in {zoneLabel(Date.now())}.</p>
      <div className="impact-fields">
        {IMPACT_FIELDS.map((field) => (
          <label key={field} className="field">
            <span>{LABELS[field]}</span>
            <input type="datetime-local" step={1} value={localValue(times[field])} disabled={readOnly} onChange={(e) => set(field, e.target.value)} />
          </label>
        ))}
      </div>
      {typeof started === 'number' && typeof resolved === 'number' && resolved >= started && (
        <p className="small" data-testid="impact-duration">
          Duration of impact: {durationText(resolved - started)}
        </p>
      )}
      <p className="form-error small" role="alert">
        {error}
      </p>
    </section>
  );
}
