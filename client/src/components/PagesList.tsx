/**
 * Who was paged for this incident, why and when, and whether they acknowledged; escalations
 * from the timeline sit between them in time order, so "why was Bob woken up" reads at a glance.
 */
import type { IncidentEvent, PageRecord } from '../../../shared/documents.ts';
import { shortDuration, shortTime } from '../format/time.ts';
import { pageReason } from '../format/timelineEvent.ts';
import { escalations } from '../sync/timeline.ts';
import type { EscalationEvent } from '../sync/timeline.ts';

type Row = { kind: 'page'; at: number; page: PageRecord } | { kind: 'escalation'; at: number; event: EscalationEvent };

export function PagesList({ pages, events }: { pages: PageRecord[]; events: IncidentEvent[] }) {
  const rows: Row[] = [
    ...pages.map((page): Row => ({ kind: 'page', at: page.at, page })),
    ...escalations(events).map((event): Row => ({ kind: 'escalation', at: event.at, event })),
  ].sort((a, b) => a.at - b.at);
  return (
    <div className="pages-list">
      <h3>Pages</h3>
      {rows.length === 0 ? (
        <p className="muted small">Nobody has been paged.</p>
      ) : (
        <ul>
          {rows.map((row) =>
            row.kind === 'page' ? (
              <li key={row.page.id} className="page-record" data-testid="page-record" data-acknowledged={row.page.acknowledgedAt !== null}>
                <span className="page-target">{row.page.target.name}</span>
                <span className="page-reason">{pageReason(row.page)}</span>
                <time className="page-at" dateTime={new Date(row.page.at).toISOString()}>
                  {shortTime(row.page.at)}
                </time>
                {row.page.acknowledgedAt !== null ? (
                  <span className="page-ack" title={`Acknowledged at ${new Date(row.page.acknowledgedAt).toLocaleTimeString()}`}>
                    ✓ acknowledged {shortTime(row.page.acknowledgedAt)}
                  </span>
                ) : (
                  <span className="page-unacked">
                    <span aria-hidden="true">✗ </span>not acknowledged
                  </span>
                )}
              </li>
            ) : (
              <li key={row.event.id} className="page-escalation" data-testid="escalation">
                <span aria-hidden="true">↗ </span>
                {shortTime(row.event.at)} escalated: {row.event.from ? `${row.event.from.name} did not` : 'nobody did'} acknowledge within{' '}
                {shortDuration(row.event.afterMs)}
                {row.event.to ? `; paged ${row.event.to.name}` : '; nobody on call to page'}
              </li>
            ),
          )}
        </ul>
      )}
    </div>
  );
}
