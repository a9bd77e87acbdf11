/**
 * Who is in the incident (issue 13): everyone who sees it while it is private. Members add people
 * from the server's list and remove them; role holders and people paged join by themselves, and a
 * role holder leaves only once their role is handed on (the server says so when refused).
 */
import { useState } from 'react';
import type { IncidentMember } from '../../../shared/incident.ts';
import { useCommand } from '../api/commands.ts';
import { useFetched } from '../api/useFetched.ts';
import { useUsers } from '../api/roster.ts';
import { PersonPicker } from './PersonPicker.tsx';

interface Props {
  incidentId: string;
  isPrivate: boolean;
  /** Changes whenever the timeline grows, so the list follows members added elsewhere. */
  changes: number;
}

export function MembersPanel({ incidentId, isPrivate, changes }: Props) {
  const members = useFetched<{ members: IncidentMember[] }>(`/api/incidents/${incidentId}/members`, changes);
  const { users } = useUsers();
  const change = useCommand();
  const [chosen, setChosen] = useState('');
  const list = members.data?.members ?? [];
  const candidates = users.filter((u) => !list.some((m) => m.id === u.id));

  const add = async () => {
    const reply = await change.run({ type: 'addMember', incidentId, userId: chosen });
    if (reply.ok) {
      setChosen('');
      await members.refresh();
    }
  };
  const remove = async (userId: string) => {
    if ((await change.run({ type: 'removeMember', incidentId, userId })).ok) await members.refresh();
  };

  return (
    <section className="panel members-panel" aria-labelledby="members-heading" data-testid="members-panel">
      <header className="panel-header">
        <h2 id="members-heading">Members</h2>
        <span className="muted small">{isPrivate ? 'Only they see this incident' : 'Who sees it if it is made private'}</span>
      </header>
      <div className="panel-scroll">
        <ul className="members-list">
          {list.map((m) => (
            <li key={m.id} data-testid="member">
              <span>{m.name}</span>{' '}
              <button type="button" className="small-button" disabled={change.pending} onClick={() => void remove(m.id)} aria-label={`Remove ${m.name}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
        <div className="inline-field">
          <label htmlFor="member-add" className="muted small">
            Add
          </label>
          <PersonPicker id="member-add" value={chosen} people={candidates} onChange={setChosen} emptyLabel="Choose a person" />
          <button type="button" className="small-button" disabled={chosen === '' || change.pending} onClick={() => void add()}>
            Add member
          </button>
        </div>
        <p className="form-error small" role="alert">
          {change.error ?? members.error}
        </p>
      </div>
    </section>
  );
}
