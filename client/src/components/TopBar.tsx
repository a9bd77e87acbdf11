import { apiRequest } from '../api/http.ts';
import { useSession } from '../api/session.tsx';
import { Link, useLocation } from '../routing/router.tsx';
import { DesktopAlertsToggle } from './DesktopAlertsToggle.tsx';

/** The top line of the lobby and the roster: where you are, where else to go, who you are. */
export function TopBar() {
  const session = useSession();
  const path = useLocation().pathname;
  const signOut = async () => {
    await apiRequest('DELETE', '/api/session').catch(() => undefined);
    location.assign('/');
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
      </nav>
      <span className="topbar-user">
        <DesktopAlertsToggle />
        Signed in as <strong data-testid="signed-in-name">{session.name}</strong>
        <button type="button" className="link-button" onClick={() => void signOut()}>
          Sign out
        </button>
      </span>
    </header>
  );
}
