import { OpenPagesPanel } from '../components/pages/OpenPagesPanel.tsx';
import { useEffect } from 'react';
import { useServices } from '../api/roster.ts';
import { useLobby } from '../api/useLobby.ts';
import { useMetrics } from '../api/useMetrics.ts';
import { useSocket } from '../api/socket.tsx';
import { DeclareIncidentForm } from '../components/DeclareIncidentForm.tsx';
import { LobbyList } from '../components/LobbyList.tsx';
import { MetricsTable } from '../components/MetricsTable.tsx';
import { TopBar } from '../components/TopBar.tsx';

/** Shifts hand off whenever their schedules say: the answer is asked for again this often. */
const ON_CALL_REFRESH_MS = 5 * 60_000;

/** Who is on call now for each service whose escalation policy has schedules in its first step. */
function OnCallNow() {
  const { services, refresh } = useServices();
  useEffect(() => {
    const timer = setInterval(() => void refresh(), ON_CALL_REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  const rows = services.flatMap((s) => (s.onCallNow ? [{ service: s.service, people: s.onCallNow }] : []));
  if (rows.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="oncall-heading" data-testid="lobby-oncall">
      <header className="panel-header">
        <h2 id="oncall-heading">On call now</h2>
      </header>
      <ul className="members-list small oncall-list">
        {rows.map((row) => (
          <li key={row.service} data-service={row.service}>
            <code>{row.service}</code>
            <span>{row.people.length ? row.people.map((p) => p.name).join(', ') : <span className="muted">nobody</span>}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function LobbyPage() {
  const { incidents, loaded, error } = useLobby();
  const { connected, refusal } = useSocket();
  const open = incidents.filter((i) => i.statusCategory !== 'resolved').length;
  // The figures move when an incident is declared, acknowledged, resolved or re-rated.
  const changes = incidents.map((i) => `${i.id}${i.severity}${i.acknowledgedAt ?? ''}${i.resolvedAt ?? ''}`).join();
  const metrics = useMetrics(changes);
  useEffect(() => {
    document.title = open > 0 ? `(${open}) Incident Room` : 'Incident Room';
  }, [open]);
  return (
    <div className="page lobby">
      <TopBar />
      <main className="lobby-main">
        <section className="panel lobby-incidents" aria-labelledby="incidents-heading">
          <header className="panel-header">
            <h1 id="incidents-heading">Incidents</h1>
            <span className="muted small" role="status" data-testid="lobby-live">
              {connected
                ? `${open} open · live`
                : refusal
                  ? `Cannot connect: ${refusal}`
                  : loaded
                    ? 'Reconnecting… the list may be out of date'
                    : 'Connecting…'}
            </span>
          </header>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <LobbyList incidents={incidents} loaded={loaded} />
        </section>
        <div className="lobby-side">
          <DeclareIncidentForm />
          <OnCallNow />
          <OpenPagesPanel />
          <section className="panel metrics" aria-labelledby="metrics-heading">
            <header className="panel-header">
              <h2 id="metrics-heading">MTTA / MTTR by severity</h2>
            </header>
            {metrics.data ? (
              <MetricsTable metrics={metrics.data} />
            ) : (
              <p className={metrics.error ? 'form-error small metrics-note' : 'muted small metrics-note'}>{metrics.error ?? 'Loading…'}</p>
            )}
          </section>
        </div>
      </main>
    </div>
  );
}
