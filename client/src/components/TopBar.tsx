import { apiRequest } from '../api/http.ts';
import { useSession } from '../api/session.tsx';
import { Link } from '../routing/router.tsx';

/** The lobby's top line: where you are and who you are signed in as. */
export function TopBar() {
  const session = useSession();
  const signOut = async () => {
    await apiRequest('DELETE', '/api/session').catch(() => undefined);
    location.assign('/');
  };
  return (
    <header className="topbar">
      <Link to="/" className="brand">
        Incident Room
      </Link>
      <span className="topbar-user">
        Signed in as <strong data-testid="signed-in-name">{session.name}</strong>
        <button type="button" className="link-button" onClick={() => void signOut()}>
          Sign out
        </button>
      </span>
    </header>
  );
}
