/**
 * /people, for admins: everyone with an account, where it comes from, when they last signed in,
 * and deactivating or reactivating them (issue 13). Deactivating asks first: it ends the
 * person's sessions and connections at once and releases the roles they hold.
 */
import { useEffect, useState } from 'react';
import type { Deactivation, PersonAccount } from '../../../shared/api.ts';
import { apiRequest, errorMessage } from '../api/http.ts';
import { useSession } from '../api/session.tsx';
import { useFetched } from '../api/useFetched.ts';
import { TopBar } from '../components/TopBar.tsx';
import { dateTime } from '../format/time.ts';
import '../styles/identity.css';

export function PeoplePage() {
  const me = useSession();
  const { data, error, refresh } = useFetched<{ people: PersonAccount[] }>('/api/people');
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);

  useEffect(() => {
    document.title = 'People · Incident Room';
  }, []);

  const act = async (person: PersonAccount, action: 'deactivate' | 'reactivate') => {
    if (action === 'deactivate' && !confirm(`Deactivate ${person.name}? Their sessions end now and the roles they hold are released.`)) return;
    setPending(person.id);
    setActionError(null);
    try {
      const result = await apiRequest<Deactivation | { person: PersonAccount }>('POST', `/api/people/${encodeURIComponent(person.id)}/${action}`);
      if ('rolesReleased' in result) {
        const roles = result.rolesReleased.length;
        setNotice(`${person.name} is deactivated: ${result.sessionsRevoked} session(s) ended, ${roles} role(s) released.`);
      } else {
        setNotice(`${person.name} is active again.`);
      }
      await refresh();
    } catch (e) {
      setActionError(errorMessage(e));
    } finally {
      setPending(null);
    }
  };

  const people = data?.people ?? [];
  return (
    <div className="page people-page">
      <TopBar />
      <main className="people-main">
        <section className="panel" aria-labelledby="people-heading">
          <header className="panel-header">
            <h1 id="people-heading">People</h1>
            <span className="muted small">{data ? `${people.length} ${people.length === 1 ? 'person' : 'people'}` : 'Loading…'}</span>
          </header>
          <p className="form-error" role="alert">
            {error ?? actionError}
          </p>
          <p role="status" className="muted">
            {notice}
          </p>
          <table className="people-table" data-testid="people-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Signs in with</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="muted">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {people.map((p) => (
                <tr key={p.id} data-testid="person-row" data-person={p.id} data-deactivated={p.deactivatedAt !== null}>
                  <th scope="row">
                    {p.name}
                    {p.admin && <span className="muted small"> (admin)</span>}
                  </th>
                  <td>{p.email ?? '—'}</td>
                  <td>{p.issuer === 'invite' ? 'invite link' : hostOf(p.issuer)}</td>
                  <td>{p.lastSignInAt === null ? 'never' : dateTime(p.lastSignInAt)}</td>
                  <td>{p.deactivatedAt === null ? 'active' : `deactivated ${dateTime(p.deactivatedAt)}`}</td>
                  <td>
                    {p.id === me.userId ? (
                      <span className="muted small">you</span>
                    ) : p.deactivatedAt === null ? (
                      <button type="button" className="small-button danger" disabled={pending === p.id} onClick={() => void act(p, 'deactivate')}>
                        Deactivate<span className="muted"> {p.name}</span>
                      </button>
                    ) : (
                      <button type="button" className="small-button" disabled={pending === p.id} onClick={() => void act(p, 'reactivate')}>
                        Reactivate<span className="muted"> {p.name}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </main>
    </div>
  );
}

function hostOf(issuer: string): string {
  try {
    return new URL(issuer).host;
  } catch {
    return issuer;
  }
}
