/**
 * The room's follow-ups (issue 21): what outlives the incident, with an owner from the room's
 * people, a due date and a priority; added here, listed with their tracker links. They are the
 * server's rows, not the responder document's, so the follow-ups page can list them all.
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { Person } from '../../../../shared/incident.ts';
import { FOLLOW_UP_PRIORITIES } from '../../../../shared/followUps.ts';
import type { FollowUpPriority } from '../../../../shared/followUps.ts';
import { isOverdue } from '../../../../shared/followUps.ts';
import { Limits } from '../../../../shared/limits.ts';
import { errorMessage } from '../../api/http.ts';
import { createFollowUp, updateFollowUp, useIncidentFollowUps } from '../../api/followUps.ts';
import { Link } from '../../routing/router.tsx';
import { FollowUpTracker } from './FollowUpTracker.tsx';
import './followUps.css';

export function FollowUpsPanel({ incidentId, people }: { incidentId: string; people: readonly Person[] }) {
  const { data, error, refresh } = useIncidentFollowUps(incidentId);
  const [title, setTitle] = useState('');
  const [ownerId, setOwnerId] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [priority, setPriority] = useState<FollowUpPriority>('p3');
  const [problem, setProblem] = useState<string | null>(null);
  const names = new Map(people.map((p) => [p.id, p.name]));

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return;
    setProblem(null);
    try {
      await createFollowUp(incidentId, { title: title.trim(), ownerId: ownerId || null, dueDate: dueDate || null, priority });
      setTitle('');
      setDueDate('');
      await refresh();
    } catch (e) {
      setProblem(errorMessage(e));
    }
  };

  const toggle = async (id: string, done: boolean) => {
    setProblem(null);
    try {
      await updateFollowUp(id, { status: done ? 'done' : 'open' });
      await refresh();
    } catch (e) {
      setProblem(errorMessage(e));
    }
  };

  const followUps = data?.followUps ?? [];
  const today = data?.today ?? '';
  const trackers = data?.trackers ?? [];
  return (
    <section className="panel follow-ups-panel" aria-labelledby="follow-ups-heading">
      <header className="panel-header">
        <h2 id="follow-ups-heading">Follow-ups</h2>
        <Link to="/follow-ups" className="small">
          All follow-ups
        </Link>
      </header>
      <div className="panel-scroll">
        <p className="form-error" role="alert">
          {error ?? problem}
        </p>
        {followUps.length === 0 ? (
          <p className="empty">No follow-ups yet.</p>
        ) : (
          <ul className="follow-up-list">
            {followUps.map((f) => (
              <li key={f.id} className={isOverdue(f, today) ? 'follow-up-overdue' : f.status === 'done' ? 'follow-up-done' : undefined}>
                <input type="checkbox" checked={f.status === 'done'} onChange={(e) => void toggle(f.id, e.target.checked)} aria-label={`Done: ${f.title}`} />
                <span className="follow-up-title">{f.title}</span>
                <span className="muted small">
                  {f.priority.toUpperCase()}
                  {f.ownerId ? ` · ${names.get(f.ownerId) ?? f.ownerId}` : ''}
                  {f.dueDate ? ` · due ${f.dueDate}` : ''}
                  {isOverdue(f, today) ? ' (overdue)' : ''}
                </span>
                <FollowUpTracker followUp={f} trackers={trackers} onChanged={() => void refresh()} />
              </li>
            ))}
          </ul>
        )}
      </div>
      <form className="follow-up-add" onSubmit={(e) => void add(e)}>
        <input type="text" aria-label="New follow-up" placeholder="Add a follow-up, Enter to add" maxLength={Limits.titleLength} value={title} onChange={(e) => setTitle(e.target.value)} />
        <select aria-label="Owner" value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
          <option value="">No owner</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <input type="date" aria-label="Due date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} />
        <select aria-label="Priority" value={priority} onChange={(e) => setPriority(e.target.value as FollowUpPriority)}>
          {FOLLOW_UP_PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {p.toUpperCase()}
            </option>
          ))}
        </select>
        <button type="submit">Add</button>
      </form>
    </section>
  );
}
