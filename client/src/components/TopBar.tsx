import { useState } from 'react';
import type { SignedOut } from '../../../shared/api.ts';
import { apiRequest } from '../api/http.ts';
import { useSession } from '../api/session.tsx';
import { Link, useLocation } from '../routing/router.tsx';
import { AddDeviceDialog } from './AddDeviceDialog.tsx';
import { DesktopAlertsToggle } from './DesktopAlertsToggle.tsx';

/** The top line of the lobby, the roster and the people page: where you are, where else to go, who you are. */
export function TopBar() {
  const session = useSession();
  const path = useLocation().pathname;
  const [addingDevice, setAddingDevice] = useState(false);
  const signOut = async () => {
    // A person from the provider is signed out there too, where it offers that (issue 13).
    const answer = await apiRequest<SignedOut | null>('DELETE', '/api/session').catch(() => null);
    location.assign(answer?.logoutUrl ?? '/');
  };
  return (
    <header className="topbar">
      <nav className="topbar-nav" aria-label="Main">
        <Link to="/" className="brand">
          Incident Room
        </Link>
        <Link to="/" className="topbar-link" aria-current={path === '/' ? 'page' : undefined}>
          Incidents
        </Link>
        <Link to="/roster" className="topbar-link" aria-current={path === '/roster' ? 'page' : undefined}>
          On-call roster
        </Link>
        <Link to="/schedules" className="topbar-link" aria-current={path === '/schedules' ? 'page' : undefined}>
          Schedules
        </Link>
        <Link to="/follow-ups" className="topbar-link" aria-current={path === '/follow-ups' ? 'page' : undefined}>
          Follow-ups
        </Link>
        <Link to="/postmortems" className="topbar-link" aria-current={path === '/postmortems' ? 'page' : undefined}>
          Postmortems
        </Link>
        <Link to="/settings/notifications" className="topbar-link" aria-current={path === '/settings/notifications' ? 'page' : undefined}>
          Notifications
        </Link>
        {session.access === 'admin' && (
          <Link to="/people" className="topbar-link" aria-current={path === '/people' ? 'page' : undefined}>
            People
          </Link>
        )}
      </nav>
      <span className="topbar-user">
        <DesktopAlertsToggle />
        Signed in as <strong data-testid="signed-in-name">{session.name}</strong>
        {session.sessionId !== null && (
          <button type="button" className="link-button" onClick={() => setAddingDevice(true)}>
            Add another device
          </button>
        )}
        <button type="button" className="link-button" onClick={() => void signOut()}>
          Sign out
        </button>
      </span>
      {addingDevice && <AddDeviceDialog onClose={() => setAddingDevice(false)} />}
    </header>
  );
}
