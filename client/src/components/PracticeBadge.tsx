/** Says, wherever an incident is named, that it is a drill replaying a past one (issue 22), not a real outage. */
import { isPractice } from '../../../shared/practice.ts';

export function PracticeBadge({ incident }: { incident: { practice?: boolean } }) {
  if (!isPractice(incident)) return null;
  return (
    <span className="replay-badge practice-badge" title="Practice: a past incident replayed for training; kept out of metrics, pages and announcements" data-testid="practice-badge">
      Practice
    </span>
  );
}
