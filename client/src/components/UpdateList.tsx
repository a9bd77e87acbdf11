/** Published stakeholder updates, newest first, each with the severity and status it was sent with. */
import type { StakeholderUpdate } from '../../../shared/documents.ts';
import { clockTime } from '../format/time.ts';
import { SeverityBadge } from './SeverityBadge.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import type { IncidentDefinitions } from '../../../shared/incidentModel.ts';

/** `defs`: the incident's definitions (issue 17), which name its severities and statuses. */
export function UpdateList({ updates, emptyText, defs }: { updates: StakeholderUpdate[]; emptyText: string; defs: IncidentDefinitions }) {
  if (updates.length === 0) return <p className="empty">{emptyText}</p>;
  return (
    <ol className="update-list" reversed>
      {[...updates].reverse().map((u) => (
        <li key={u.id} className="update" data-testid="stakeholder-update">
          <div className="update-meta">
            <time dateTime={new Date(u.at).toISOString()} title={new Date(u.at).toLocaleString()}>
              {clockTime(u.at)}
            </time>
            <SeverityBadge severity={u.severity} defs={defs} />
            <StatusBadge status={u.status} defs={defs} />
            <span className="muted small">{u.author.name}</span>
          </div>
          <p className="update-text" data-testid="update-text">
            {u.text}
          </p>
        </li>
      ))}
    </ol>
  );
}
