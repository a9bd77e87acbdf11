/**
 * /incidents/<id>/replay: the incident unfolding, rebuilt by the server from its update log.
 * A slider over the moments the server stored a change; the room below shows that moment.
 */
import { useEffect, useState } from 'react';
import { useReplayMoments, useReplaySnapshot } from '../api/useReplay.ts';
import { ReplayControls } from '../components/ReplayControls.tsx';
import { ReplayRoom } from '../components/ReplayRoom.tsx';
import { Link, navigate } from '../routing/router.tsx';
import { apiRequest, errorMessage } from '../api/http.ts';
import { PRACTICE_SPEEDS } from '../../../shared/practice.ts';
import type { PracticeSpeed, PracticeStarted, StartPractice } from '../../../shared/practice.ts';

/** How long Play shows each moment once it has loaded. */
const PLAY_STEP_MS = 700;

/** Starts a drill of this incident (issue 22): a private practice incident it replays into at the speed picked. */
function PractiseThisIncident({ incidentId }: { incidentId: string }) {
  const [speed, setSpeed] = useState<PracticeSpeed>(10);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const body: StartPractice = { speed };
      const started = await apiRequest<PracticeStarted>('POST', `/api/incidents/${encodeURIComponent(incidentId)}/practice`, body);
      navigate(`/incidents/${started.incidentId}`);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return (
    <span className="practice-start">
      <select aria-label="Practice speed" value={speed} onChange={(e) => setSpeed(PRACTICE_SPEEDS.find((s) => String(s) === e.target.value) ?? speed)}>
        {PRACTICE_SPEEDS.map((s) => (
          <option key={s} value={s}>
            {s === 1 ? 'as it happened' : `${s}× faster`}
          </option>
        ))}
      </select>
      <button type="button" className="small-button" disabled={busy} onClick={() => void start()} title="Replay this incident into a new private practice incident, kept out of metrics, pages and announcements">
        Practise this incident
      </button>
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}

export function ReplayPage({ incidentId }: { incidentId: string }) {
  const { range, error: rangeError, reload } = useReplayMoments(incidentId);
  const moments = range?.moments ?? [];
  const [index, setIndex] = useState(0);
  const [playing, setPlaying] = useState(false);
  const at = moments[Math.min(index, moments.length - 1)] ?? null;
  const { snapshot, error, loading } = useReplaySnapshot(incidentId, at);
  const shown = snapshot?.at === at;

  // Play advances only once the current moment is on screen, so a slow answer is never skipped.
  useEffect(() => {
    if (!playing || !shown) return;
    if (index >= moments.length - 1) {
      setPlaying(false);
      return;
    }
    const timer = setTimeout(() => setIndex((i) => i + 1), PLAY_STEP_MS);
    return () => clearTimeout(timer);
  }, [playing, shown, index, moments.length]);

  useEffect(() => {
    if (snapshot) document.title = `Replay: ${snapshot.data.incident.title} · Incident Room`;
  }, [snapshot]);

  return (
    <div className="room replay" data-testid="replay">
      <section className="replay-bar" aria-label="Replay controls">
        <Link to={`/incidents/${incidentId}`} className="back" aria-label="Back to the room">
          ←
        </Link>
        <span className="replay-badge">Replay</span>
        <span className="muted small">Read-only: the incident as it was at the chosen moment.</span>
        <button type="button" className="small-button replay-reload" onClick={() => void reload()} title="Include what happened since this page opened">
          Load newer moments
        </button>
        <PractiseThisIncident incidentId={incidentId} />
      </section>
      {moments.length > 0 && (
        <ReplayControls
          moments={moments}
          index={Math.min(index, moments.length - 1)}
          onIndex={setIndex}
          playing={playing}
          onPlaying={setPlaying}
          declaredAt={snapshot?.data.incident.createdAt ?? range?.from ?? null}
          loading={loading && !shown}
        />
      )}
      {(rangeError ?? error) && (
        <p className="form-error replay-error" role="alert">
          {rangeError ?? error}
        </p>
      )}
      {range && moments.length === 0 && <p className="empty">Nothing has been stored for this incident yet.</p>}
      {snapshot ? (
        <ReplayRoom snapshot={snapshot.data} at={snapshot.at} previous={moments[moments.indexOf(snapshot.at) - 1] ?? null} />
      ) : (
        !rangeError && !error && <p className="notice-page" aria-busy="true">Loading the replay…</p>
      )}
    </div>
  );
}
