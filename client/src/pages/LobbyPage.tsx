import { useEffect } from 'react';
import { useLobby } from '../api/useLobby.ts';
import { useSocket } from '../api/socket.tsx';
import { DeclareIncidentForm } from '../components/DeclareIncidentForm.tsx';
import { LobbyList } from '../components/LobbyList.tsx';
import { TopBar } from '../components/TopBar.tsx';

export function LobbyPage() {
  const { incidents, loaded, error } = useLobby();
  const { connected, refusal } = useSocket();
  const open = incidents.filter((i) => i.status !== 'resolved').length;
  useEffect(() => {
    document.title = open > 0 ? `(${open}) Incident Room` : 'Incident Room';
  }, [open]);
  return (
    <div className="page lobby">
      <TopBar />
      <main className="lobby-main">
        <section className="panel lobby-incidents" aria-labelledby="incidents-heading">
          <header className="panel-header">
            <h2 id="incidents-heading">Incidents</h2>
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
        <DeclareIncidentForm />
      </main>
    </div>
  );
}
