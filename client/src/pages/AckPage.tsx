/**
 * /ack#token=…: where a page's email link lands (issue 18), without a session. Opening it only
 * shows the incident and a button, because mail scanners open every link in an email; pressing
 * the button acknowledges, as the person the email was sent to. The secret is in the fragment
 * (never in a server log) and leaves the address bar once read.
 */
import { useEffect, useState } from 'react';
import type { PageLinkAcknowledged, PageLinkInfo } from '../../../shared/notifications.ts';
import { errorMessage } from '../api/http.ts';
import { acknowledgeByPageLink, inspectPageLink } from '../api/notifications.ts';
import { SeverityBadge } from '../components/SeverityBadge.tsx';
import { clockTime, dateTime } from '../format/time.ts';

export function AckPage({ token: fromAddress }: { token: string | null }) {
  const [token] = useState(fromAddress);
  const [info, setInfo] = useState<PageLinkInfo | null>(null);
  const [done, setDone] = useState<PageLinkAcknowledged | null>(null);
  const [error, setError] = useState<string | null>(token ? null : 'This link has no token in it. Open the whole link from the email.');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = 'Acknowledge · Incident Room';
    if (!token) return;
    if (location.hash) history.replaceState(null, '', location.pathname);
    inspectPageLink(token)
      .then(setInfo)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [token]);

  const acknowledge = () => {
    if (!token) return;
    setBusy(true);
    acknowledgeByPageLink(token)
      .then(setDone)
      .catch((e: unknown) => setError(errorMessage(e)))
      .finally(() => setBusy(false));
  };

  return (
    <main className="notice-page stack" data-testid="ack-page">
      <h1>Acknowledge a page</h1>
      {error ? (
        <p role="alert">{error}</p>
      ) : done ? (
        <p role="status">
          {done.byYou ? `Acknowledged at ${clockTime(done.acknowledgedAt)}.` : `${done.acknowledgedBy ?? 'Someone'} had acknowledged it already, at ${clockTime(done.acknowledgedAt)}.`}{' '}
          <a href={done.roomUrl}>{info?.roomless ? 'Open the lobby' : 'Open the incident room'}</a>
        </p>
      ) : info ? (
        <>
          <p>
            <SeverityBadge severity={info.incident.severity} /> <strong>{info.incident.title}</strong> ({info.incident.status})
          </p>
          {info.acknowledged ? (
            <p role="status">
              {info.acknowledged.by ?? 'Someone'} acknowledged it at {clockTime(info.acknowledged.at)}.{' '}
              <a href={info.roomUrl}>{info.roomless ? 'Open the lobby' : 'Open the incident room'}</a>
            </p>
          ) : (
            <>
              <p>
                {info.person.name}, you are paged for this {info.roomless ? 'alert (no incident room was opened for it)' : 'incident'}. Acknowledging tells everyone you are on it and stops further notifications
                of this page.
              </p>
              <p>
                <button type="button" className="primary" onClick={acknowledge} disabled={busy} autoFocus>
                  Acknowledge
                </button>
              </p>
              <p className="muted small">This link works once, until {dateTime(info.expiresAt)}.</p>
            </>
          )}
        </>
      ) : (
        <p aria-busy="true">Reading the link…</p>
      )}
    </main>
  );
}
