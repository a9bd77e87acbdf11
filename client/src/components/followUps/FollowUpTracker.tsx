/**
 * A follow-up's tracker link, or its export buttons: one click creates the issue (the server
 * answers at once and the tracker a moment later, so the row says "exporting…" until then).
 */
import { useState } from 'react';
import type { FollowUp, TrackerKind } from '../../../../shared/followUps.ts';
import { errorMessage } from '../../api/http.ts';
import { exportFollowUp } from '../../api/followUps.ts';

const TRACKER_NAMES: Record<TrackerKind, string> = { github: 'GitHub', jira: 'Jira' };

export function FollowUpTracker({ followUp, trackers, onChanged }: { followUp: FollowUp; trackers: readonly TrackerKind[]; onChanged: () => void }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const t = followUp.tracker;

  const send = async (tracker: TrackerKind) => {
    setPending(true);
    setError(null);
    try {
      await exportFollowUp(followUp.id, tracker);
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPending(false);
    }
  };

  if (t && t.state !== 'failed') {
    if (t.url && t.key) {
      return (
        <a href={t.url} target="_blank" rel="noreferrer">
          {t.key} ({t.state === 'closed' ? 'closed' : 'open'} in {TRACKER_NAMES[t.kind]})
        </a>
      );
    }
    return <span className="muted small">exporting to {TRACKER_NAMES[t.kind]}…</span>;
  }
  return (
    <span className="follow-up-actions">
      {trackers.map((tracker) => (
        <button key={tracker} type="button" className="small" disabled={pending} onClick={() => void send(tracker)} aria-label={`Export “${followUp.title}” to ${TRACKER_NAMES[tracker]}`}>
          To {TRACKER_NAMES[tracker]}
        </button>
      ))}
      {t?.state === 'failed' ? <span className="form-error small">{TRACKER_NAMES[t.kind]} refused it: {t.error}</span> : null}
      {error ? (
        <span className="form-error small" role="alert">
          {error}
        </span>
      ) : null}
    </span>
  );
}
