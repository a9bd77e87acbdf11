/** When the next stakeholder update is due, by the severity's cadence; loud once it is overdue. */
import { durationWords, shortTime } from '../format/time.ts';
import { useNow } from '../format/useNow.ts';

export function UpdateCadence({ due, className = '' }: { due: number | null | undefined; className?: string }) {
  const now = useNow(10_000);
  if (due === null || due === undefined) return null;
  const overdue = now > due;
  return (
    <span
      className={`cadence${overdue ? ' cadence-overdue' : ''} ${className}`}
      data-testid="update-cadence"
      data-state={overdue ? 'overdue' : 'due'}
      title={`The next update was due at ${shortTime(due)}`}
    >
      {overdue ? (
        <>
          <span aria-hidden="true">⚠ </span>Next update overdue by {durationWords(now - due)}
        </>
      ) : (
        <>Next update due in {durationWords(due - now)}</>
      )}{' '}
      <span className="cadence-at">({shortTime(due)})</span>
    </span>
  );
}
