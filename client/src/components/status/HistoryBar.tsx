import type { HistoryDay } from '../../../../shared/statusPage.ts';
import { COMPONENT_STATUS_NAMES } from '../../../../shared/statusPage.ts';

/** Ninety days, one mark each, oldest first; each says its date and state to a screen reader. */
export function HistoryBar({ name, days }: { name: string; days: HistoryDay[] }) {
  const troubled = days.filter((d) => d.status !== 'operational').length;
  return (
    <div className="status-history">
      <ol className="status-history-days" aria-label={`${name}, last ${days.length} days`}>
        {days.map((d) => (
          <li key={d.date} className={`status-day component-${d.status}`} title={`${d.date}: ${COMPONENT_STATUS_NAMES[d.status]}`}>
            <span className="status-sr-only">
              {d.date}: {COMPONENT_STATUS_NAMES[d.status]}
            </span>
          </li>
        ))}
      </ol>
      <p className="status-history-legend">
        <span>{days.length} days ago</span>
        <span>{troubled === 0 ? 'No incidents' : `${troubled} day${troubled === 1 ? '' : 's'} with incidents`}</span>
        <span>Today</span>
      </p>
    </div>
  );
}
