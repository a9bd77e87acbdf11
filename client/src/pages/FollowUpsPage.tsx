/**
 * /follow-ups (issue 21): open follow-ups across the incidents this person sees, filtered by
 * service, owner and due date (kept in the address, so a filtered view can be shared), overdue
 * ones highlighted, each exportable to the team's tracker in one click.
 */
import { useEffect, useMemo } from 'react';
import type { UserListing } from '../../../shared/api.ts';
import { FollowUpQuery } from '../../../shared/followUps.ts';
import { useFollowUpList } from '../api/followUps.ts';
import { useFetched } from '../api/useFetched.ts';
import { FollowUpFilters } from '../components/followUps/FollowUpFilters.tsx';
import { FollowUpsTable } from '../components/followUps/FollowUpsTable.tsx';
import '../components/followUps/followUps.css';
import { TopBar } from '../components/TopBar.tsx';
import { navigate, useLocation } from '../routing/router.tsx';

function queryOf(url: URL): FollowUpQuery {
  const parsed = FollowUpQuery.safeParse(Object.fromEntries([...url.searchParams].filter(([, v]) => v !== '')));
  // An address someone edited by hand falls back to the default view rather than an error.
  return parsed.success ? parsed.data : { status: 'open' };
}

export function FollowUpsPage() {
  const url = useLocation();
  const query = useMemo(() => (url.search === '' ? ({ status: 'open' } as FollowUpQuery) : queryOf(url)), [url]);
  const { data, error, loading, refresh } = useFollowUpList(query);
  const people = useFetched<{ users: UserListing[] }>('/api/users');
  const services = useFetched<{ services: Array<{ service: string }> }>('/api/services');
  const names = useMemo(() => new Map((people.data?.users ?? []).map((p) => [p.id, p.name])), [people.data]);

  useEffect(() => {
    document.title = 'Follow-ups · Incident Room';
  }, []);

  const setQuery = (next: FollowUpQuery) => {
    const params = new URLSearchParams(Object.entries(next).filter((e): e is [string, string] => typeof e[1] === 'string'));
    // "Open and done" is no filter at all, which the default view (open only) must tell apart.
    navigate(`/follow-ups?${params.toString() || 'status='}`, { replace: true });
  };

  return (
    <div className="page follow-ups-page">
      <TopBar />
      <main className="people-main">
        <section className="panel" aria-labelledby="follow-ups-heading">
          <header className="panel-header">
            <h1 id="follow-ups-heading">Follow-ups</h1>
            <span className="muted small" role="status">
              {loading && !data ? 'Loading…' : data ? `${data.followUps.length} shown` : null}
            </span>
          </header>
          <FollowUpFilters query={query} services={(services.data?.services ?? []).map((s) => s.service)} people={people.data?.users ?? []} onChange={setQuery} />
          <p className="form-error" role="alert">
            {error}
          </p>
          {data ? <FollowUpsTable followUps={data.followUps} today={data.today} trackers={data.trackers} names={names} onChanged={() => void refresh()} /> : null}
        </section>
      </main>
    </div>
  );
}
