/**
 * Your private calendar link: subscribe to it in a calendar app to see your own shifts there. The
 * secret is shown once, when made; making a new one or revoking stops the old one.
 */
import { useState } from 'react';
import { createCalendarLink, revokeCalendarLink, useCalendarLink } from '../../api/schedules.ts';
import { errorMessage } from '../../api/http.ts';

export function CalendarLinkPanel() {
  const { link, refresh, error: loadError } = useCalendarLink();
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const act = async (action: () => Promise<void>) => {
    setError(null);
    try {
      await action();
      await refresh();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const make = () => act(async () => setUrl((await createCalendarLink()).url ?? null));
  const revoke = () => act(async () => {
    await revokeCalendarLink();
    setUrl(null);
  });
  return (
    <div className="calendar-link">
      {url ? (
        <>
          <label htmlFor="calendar-link-url">Your calendar link (shown once: copy it now)</label>
          <input id="calendar-link-url" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
        </>
      ) : (
        <span className="muted small">{link ? 'You have a calendar link. Make a new one if you lost it: the old one stops working.' : 'No calendar link yet.'}</span>
      )}
      <button type="button" className="small-button" onClick={() => void make()}>
        {link ? 'Make a new link' : 'Make my calendar link'}
      </button>
      {link && (
        <button type="button" className="small-button" onClick={() => void revoke()}>
          Revoke
        </button>
      )}
      {(error ?? loadError) && (
        <p className="form-error small" role="alert">
          {error ?? loadError}
        </p>
      )}
    </div>
  );
}
