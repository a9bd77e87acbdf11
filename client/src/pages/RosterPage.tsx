/**
 * /roster: who is on call for which service. Declaring an incident for a service fills its
 * primary and secondary from here (or its escalation policy's schedules) and pages the primary
 * (or the policy's first step); its experts are listed in the room.
 */
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { checkServiceName, useEscalationPolicies, useServices, useUsers } from '../api/roster.ts';
import { ServiceList } from '../components/ServiceList.tsx';
import { ServiceRosterForm } from '../components/ServiceRosterForm.tsx';
import { TopBar } from '../components/TopBar.tsx';

export function RosterPage() {
  const { services, error, loading, refresh } = useServices();
  const { users, error: usersError } = useUsers();
  const { policies, error: policiesError } = useEscalationPolicies();
  const [selected, setSelected] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);

  useEffect(() => {
    document.title = 'On-call roster · Incident Room';
  }, []);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const name = newName.trim();
    const refusal = await checkServiceName(name);
    setNameError(refusal);
    if (refusal) return;
    setSelected(name);
    setNewName('');
  };

  const entry = services.find((s) => s.service === selected) ?? null;
  return (
    <div className="page roster-page">
      <TopBar />
      <main className="roster-main">
        <section className="panel" aria-labelledby="roster-heading">
          <header className="panel-header">
            <h1 id="roster-heading">On-call roster</h1>
            <span className="muted small">{loading && services.length === 0 ? 'Loading…' : `${services.length} service${services.length === 1 ? '' : 's'}`}</span>
          </header>
          {(error ?? usersError ?? policiesError) && (
            <p className="form-error" role="alert">
              {error ?? usersError ?? policiesError}
            </p>
          )}
          <ServiceList services={services} policies={policies} selected={selected} onSelect={setSelected} />
          <form className="roster-new" onSubmit={add}>
            <label htmlFor="roster-new-service">Add a service</label>
            <input
              id="roster-new-service"
              placeholder="e.g. checkout-api"
              maxLength={63}
              value={newName}
              onChange={(e) => setNewName(e.target.value)}
            />
            <button type="submit" className="small-button" disabled={!newName.trim()}>
              Add
            </button>
          </form>
          {nameError && (
            <p className="form-error small roster-new-error" role="alert">
              {nameError}
            </p>
          )}
        </section>
        <section className="panel roster-editor" aria-label="Edit the roster of a service">
          {selected ? (
            <ServiceRosterForm
              key={selected}
              service={selected}
              entry={entry}
              users={users}
              policies={policies}
              onSaved={() => void refresh()}
              onRemoved={() => {
                setSelected(null);
                void refresh();
              }}
            />
          ) : (
            <p className="empty">Pick a service to edit who is on call, or add one.</p>
          )}
        </section>
      </main>
    </div>
  );
}
