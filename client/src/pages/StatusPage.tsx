/**
 * The public status page (issue 21): stands alone, like the stakeholder view, and needs no session
 * when the server's page is public. Written for customers on a phone as much as a desk.
 */
import { useEffect } from 'react';
import { useStatusPage } from '../api/statusPage.ts';
import { StatusBanner } from '../components/status/StatusBanner.tsx';
import { ComponentList } from '../components/status/ComponentList.tsx';
import { IncidentCard } from '../components/status/IncidentCard.tsx';
import { MaintenanceList } from '../components/status/MaintenanceList.tsx';
import { SubscribeForm } from '../components/status/SubscribeForm.tsx';
import '../components/status/status.css';

export function StatusPage() {
  const state = useStatusPage();
  const name = state.status === 'ready' ? state.view.summary.page.name : 'Status';
  useEffect(() => {
    document.title = name;
  }, [name]);

  switch (state.status) {
    case 'loading':
      return <div className="splash" aria-busy="true" />;
    case 'signInNeeded':
      return (
        <main className="notice-page">
          <h1>Status</h1>
          <p>
            This status page is for signed-in people. <a href="/">Sign in</a>, then come back.
          </p>
        </main>
      );
    case 'absent':
      return (
        <main className="notice-page">
          <h1>No status page</h1>
          <p>This server has no status page.</p>
        </main>
      );
    case 'failed':
      return (
        <main className="notice-page">
          <h1>Status</h1>
          <p role="alert">{state.message}</p>
        </main>
      );
    case 'ready': {
      const { summary, history, pastIncidents, emailSubscriptions } = state.view;
      return (
        <main className="status-page">
          <header className="status-header">
            <h1>{summary.page.name}</h1>
          </header>
          <StatusBanner status={summary.status} />
          {summary.incidents.length > 0 && (
            <section aria-labelledby="status-active">
              <h2 id="status-active">Active incidents</h2>
              {summary.incidents.map((i) => (
                <IncidentCard key={i.id} incident={i} />
              ))}
            </section>
          )}
          {summary.scheduled_maintenances.length > 0 && (
            <section aria-labelledby="status-maintenance">
              <h2 id="status-maintenance">Maintenance</h2>
              <MaintenanceList windows={summary.scheduled_maintenances} />
            </section>
          )}
          <section aria-labelledby="status-components">
            <h2 id="status-components">Services</h2>
            <ComponentList components={summary.components} history={history} />
          </section>
          <section aria-labelledby="status-past">
            <h2 id="status-past">Past incidents</h2>
            {pastIncidents.length === 0 ? <p className="muted">No incidents in the last two weeks.</p> : pastIncidents.map((i) => <IncidentCard key={i.id} incident={i} />)}
          </section>
          <section aria-labelledby="status-subscribe">
            <h2 id="status-subscribe">Subscribe</h2>
            <SubscribeForm email={emailSubscriptions} />
          </section>
        </main>
      );
    }
  }
}
