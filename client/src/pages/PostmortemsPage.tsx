/**
 * /postmortems (issue 20): the published postmortems this person may see, searched by service
 * and publication date. The filter lives in the address, so a search can be shared and the back
 * button returns to the previous one.
 */
import { useEffect, useMemo } from 'react';
import { filterOf, postmortemsAddress, usePublishedPostmortems } from '../api/postmortems.ts';
import { useFetched } from '../api/useFetched.ts';
import { PostmortemFilters } from '../components/postmortems/PostmortemFilters.tsx';
import { PublishedPostmortemsTable } from '../components/postmortems/PublishedPostmortemsTable.tsx';
import '../components/postmortems/postmortems.css';
import { TopBar } from '../components/TopBar.tsx';
import { navigate, useLocation } from '../routing/router.tsx';

export function PostmortemsPage() {
  const url = useLocation();
  const filter = useMemo(() => filterOf(url), [url]);
  const { data, error, loading } = usePublishedPostmortems(filter);
  const services = useFetched<{ services: Array<{ service: string }> }>('/api/services');
  // Roster services, and any a published postmortem names that the roster does not.
  const serviceNames = useMemo(
    () => [...new Set([...(services.data?.services ?? []).map((s) => s.service), ...(data?.postmortems ?? []).flatMap((p) => (p.service ? [p.service] : []))])].sort(),
    [services.data, data],
  );

  useEffect(() => {
    document.title = 'Postmortems · Incident Room';
  }, []);

  return (
    <div className="page postmortems-page">
      <TopBar />
      <main className="people-main">
        <section className="panel" aria-labelledby="postmortems-heading">
          <header className="panel-header">
            <h1 id="postmortems-heading">Published postmortems</h1>
            <span className="muted small" role="status">
              {loading && !data ? 'Loading…' : data ? `${data.postmortems.length} shown` : null}
            </span>
          </header>
          {/* Remounted per address, so back and forward show the search they lead to. */}
          <PostmortemFilters key={url.search} filter={filter} services={serviceNames} onChange={(next) => navigate(postmortemsAddress(next))} />
          <p className="form-error" role="alert">
            {error}
          </p>
          {data ? <PublishedPostmortemsTable postmortems={data.postmortems} /> : null}
        </section>
      </main>
    </div>
  );
}
