/** The decisions the transcript recorded (`kind: decision`), as the postmortem lists them. */
import type { Person } from '../../../../shared/incident.ts';
import type { TranscriptEntryView } from '../../../../shared/responderDoc.ts';
import { clockTime } from '../../format/time.ts';

interface Props {
  transcript: TranscriptEntryView[];
  authorOfClient: (client: number) => Person | null;
}

export function KeyDecisions({ transcript, authorOfClient }: Props) {
  const decisions = transcript.filter((t) => t.kind === 'decision');
  return (
    <section className="postmortem-panel" aria-labelledby="pm-decisions">
      <h2 id="pm-decisions">Key decisions</h2>
      {decisions.length === 0 ? (
        <p className="muted small">No decision was recorded in the transcript.</p>
      ) : (
        <ul data-testid="key-decisions">
          {decisions.map((d) => (
            <li key={d.id}>
              <time dateTime={new Date(d.at).toISOString()} className="muted small">
                {clockTime(d.at)}
              </time>{' '}
              {d.text} <span className="muted small">— {authorOfClient(d.client)?.name ?? 'someone'}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
