/**
 * The lobby's open pages without a room (issue 19): low-urgency alerts that paged someone and
 * opened no incident. Each can be acknowledged (its notifications stop) or turned into an
 * incident with "Open a room", which takes you there. Plain buttons in a list: reachable and
 * usable with the keyboard alone, and every outcome is announced in words.
 */
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/http.ts';
import { acknowledgePage, promotePage, useOpenPages } from '../../api/pages.ts';
import type { RoomlessPageView } from '../../api/pages.ts';
import { useModel } from '../../api/useModel.ts';
import { navigate } from '../../routing/router.tsx';
import { clockTime } from '../../format/time.ts';
import { SeverityBadge } from '../SeverityBadge.tsx';

/** Pages come and go with alerts; the list is asked for again this often. */
const PAGES_REFRESH_MS = 30_000;

export function OpenPagesPanel() {
  const { pages, error, refresh } = useOpenPages();
  const model = useModel();
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    const timer = setInterval(() => void refresh(), PAGES_REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const act = async (page: RoomlessPageView, action: 'acknowledge' | 'promote') => {
    setBusy(page.id);
    setMessage(null);
    try {
      if (action === 'promote') return navigate(`/incidents/${encodeURIComponent((await promotePage(page.id)).incidentId)}`);
      await acknowledgePage(page.id);
      setMessage(`Acknowledged: ${page.title}.`);
      await refresh();
    } catch (e) {
      setMessage(errorMessage(e));
      await refresh();
    } finally {
      setBusy(null);
    }
  };

  if (pages.length === 0 && !error) return null;
  return (
    <section className="panel" aria-labelledby="open-pages-heading" data-testid="open-pages">
      <header className="panel-header">
        <h2 id="open-pages-heading">Pages without a room</h2>
        <span className="muted small">{pages.length} open</span>
      </header>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <ul className="members-list small">
        {pages.map((page) => (
          <li key={page.id} data-page={page.id}>
            <span>
              <SeverityBadge severity={page.severity} defs={model} /> <strong>{page.title}</strong>
              <span className="muted">
                {' '}
                {page.service ?? 'no service'} · {clockTime(page.createdAt)} · {page.target ? `paged ${page.target.name}` : 'nobody on call'}
              </span>
            </span>
            <span>
              <button type="button" onClick={() => void act(page, 'acknowledge')} disabled={busy !== null} aria-label={`Acknowledge ${page.title}`}>
                Acknowledge
              </button>{' '}
              <button type="button" className="primary" onClick={() => void act(page, 'promote')} disabled={busy !== null} aria-label={`Open a room for ${page.title}`}>
                Open a room
              </button>
            </span>
          </li>
        ))}
      </ul>
      <p className="muted small" role="status">
        {message}
      </p>
    </section>
  );
}
