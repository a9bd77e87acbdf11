/**
 * Follow-ups across incidents, soonest due first; an overdue one is highlighted and says so in
 * words. Done/reopen and export are buttons in the row, reachable with Tab.
 */
import { useState } from 'react';
import type { FollowUp, TrackerKind } from '../../../../shared/followUps.ts';
import { isOverdue } from '../../../../shared/followUps.ts';
import { errorMessage } from '../../api/http.ts';
import { updateFollowUp } from '../../api/followUps.ts';
import { Link } from '../../routing/router.tsx';
import { FollowUpTracker } from './FollowUpTracker.tsx';

export function FollowUpsTable({ followUps, today, trackers, names, onChanged }: { followUps: readonly FollowUp[]; today: string; trackers: readonly TrackerKind[]; names: ReadonlyMap<string, string>; onChanged: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const toggle = async (f: FollowUp) => {
    setError(null);
    try {
      await updateFollowUp(f.id, { status: f.status === 'open' ? 'done' : 'open' });
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  if (followUps.length === 0) return <p className="empty">No follow-ups match.</p>;
  return (
    <>
      <p className="form-error" role="alert">
        {error}
      </p>
      <table className="follow-up-table">
        <thead>
          <tr>
            <th scope="col">Follow-up</th>
            <th scope="col">Incident</th>
            <th scope="col">Owner</th>
            <th scope="col">Due</th>
            <th scope="col">Priority</th>
            <th scope="col">Tracker</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {followUps.map((f) => {
            const overdue = isOverdue(f, today);
            return (
              <tr key={f.id} className={overdue ? 'follow-up-overdue' : f.status === 'done' ? 'follow-up-done' : undefined} data-testid="follow-up-row">
                <td className="follow-up-title">{f.title}</td>
                <td>
                  <Link to={`/incidents/${f.incidentId}`}>{f.incidentTitle}</Link>
                  {f.service ? <span className="muted small"> · {f.service}</span> : null}
                </td>
                <td>{f.ownerId ? (names.get(f.ownerId) ?? f.ownerId) : <span className="muted">nobody</span>}</td>
                <td className="follow-up-due">
                  {f.dueDate ?? <span className="muted">—</span>}
                  {overdue ? ' (overdue)' : null}
                </td>
                <td>{f.priority.toUpperCase()}</td>
                <td>
                  <FollowUpTracker followUp={f} trackers={trackers} onChanged={onChanged} />
                </td>
                <td>
                  <button type="button" className="small" onClick={() => void toggle(f)} aria-label={`${f.status === 'open' ? 'Mark done' : 'Reopen'}: ${f.title}`}>
                    {f.status === 'open' ? 'Done' : 'Reopen'}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
