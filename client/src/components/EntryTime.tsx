/**
 * The time of something a responder wrote. Times outside TimeRange were stored before the
 * server checked them (issue 11: `at: 1e16` made toISOString throw and blanked the page), so
 * they show as a placeholder instead of a time.
 */
import { isRecordedTime } from '../../../shared/limits.ts';
import { clockTime } from '../format/time.ts';

export function EntryTime({ at, className }: { at: number; className: string }) {
  if (!isRecordedTime(at, Date.now())) {
    return (
      <span className={`${className} time-unknown`} data-testid="time-unknown" title="This entry has no valid time">
        --:--:--
      </span>
    );
  }
  return (
    <time className={className} dateTime={new Date(at).toISOString()}>
      {clockTime(at)}
    </time>
  );
}
