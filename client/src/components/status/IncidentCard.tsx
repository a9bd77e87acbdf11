import type { SummaryIncident } from '../../../../shared/statusPage.ts';

const STATUS_WORDS = { investigating: 'Investigating', identified: 'Identified', monitoring: 'Monitoring', resolved: 'Resolved' } as const;
const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** One incident as the page tells it: its public updates, newest first. */
export function IncidentCard({ incident }: { incident: SummaryIncident }) {
  return (
    <article className={`status-incident impact-${incident.impact}`} id={incident.id} data-testid="status-incident" aria-labelledby={`${incident.id}-name`}>
      <h3 id={`${incident.id}-name`}>{incident.name}</h3>
      {incident.components.length > 0 && <p className="muted">Affects {incident.components.map((c) => c.name).join(', ')}</p>}
      {incident.incident_updates.length === 0 ? (
        <p>
          <strong>{STATUS_WORDS[incident.status]}</strong> — we are looking into it; updates follow here.
        </p>
      ) : (
        <ol className="status-updates">
          {incident.incident_updates.map((u) => (
            <li key={u.id} data-testid="status-update">
              <strong>{STATUS_WORDS[u.status]}</strong> — <span className="status-update-body">{u.body}</span>
              <div className="muted">
                <time dateTime={u.created_at}>{when(u.created_at)}</time>
              </div>
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}
