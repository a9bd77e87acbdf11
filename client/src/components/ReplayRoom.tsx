/**
 * The room as it was at one moment of a replay, read-only: header, alerts and links, roles with
 * pages, transcript, timeline, action items and updates. What changed since the previous
 * moment is highlighted, so stepping through reads like watching it happen.
 */
import { useLayoutEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { roleLabel } from '../../../shared/roles.ts';
import { definitionsOf } from '../../../shared/stateDoc.ts';
import type { RoleHolder } from '../../../shared/documents.ts';
import type { IncidentSnapshot } from '../api/useReplay.ts';
import { clockTime, elapsed, shortTime } from '../format/time.ts';
import { describeEvent } from '../format/timelineEvent.ts';
import { inTimeOrder } from '../format/timeOrder.ts';
import { AlertsStrip } from './AlertsStrip.tsx';
import { EntryTime } from './EntryTime.tsx';
import { PagesList } from './PagesList.tsx';
import { RowBoundary } from './RowBoundary.tsx';
import { SeverityBadge } from './SeverityBadge.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import { kindLabel } from './TranscriptList.tsx';
import { UpdateList } from './UpdateList.tsx';

interface Props {
  snapshot: IncidentSnapshot;
  /** The moment shown. */
  at: number;
  /** The moment before it: anything after this is new at this step. */
  previous: number | null;
}

export function ReplayRoom({ snapshot, at, previous }: Props) {
  const { incident, roles } = snapshot;
  const defs = definitionsOf(incident);
  const fresh = (t: number) => previous !== null && t > previous;
  return (
    <div className="replay-room" data-testid="replay-room" data-at={at}>
      <header className="incident-header replay-header">
        <div className="incident-title-row">
          <SeverityBadge severity={incident.severity} defs={defs} large />
          <span data-testid="replay-status">
            <StatusBadge status={incident.status} defs={defs} />
          </span>
          <h1 className="incident-title" data-testid="replay-title">
            {incident.title}
          </h1>
          <span className="muted small incident-ids">
            {incident.service && <span className="service">{incident.service}</span>}
            {incident.id}
          </span>
        </div>
        <div className="incident-controls">
          <span className="clock-field">
            <span className="clock-label">Declared</span>
            <span className="clock">{elapsed((incident.resolvedAt ?? at) - incident.createdAt)}</span>
            <span className="muted small">
              at {clockTime(incident.createdAt)} by {incident.createdBy.name}
            </span>
          </span>
          {incident.acknowledgedAt !== null ? (
            <span className="clock-field" data-testid="replay-acknowledged">
              <span className="clock-label">Acknowledged</span>
              <span className="muted small">
                at {clockTime(incident.acknowledgedAt)} by {incident.acknowledgedBy?.name} · <abbr title="time to acknowledge">TTA</abbr>{' '}
                {elapsed(incident.acknowledgedAt - incident.createdAt)}
              </span>
            </span>
          ) : (
            <span className="clock-field unacked-field" data-testid="replay-unacknowledged">
              <span className="clock-label">Not acknowledged yet</span>
            </span>
          )}
          {incident.resolvedAt !== null && (
            <span className="clock-field">
              <span className="clock-label">Resolved</span>
              <span className="muted small">at {clockTime(incident.resolvedAt)}</span>
            </span>
          )}
        </div>
      </header>
      <AlertsStrip alerts={snapshot.alerts} links={incident.links ?? []} />
      <main className="room-grid replay-grid">
        <section className="panel roles-panel" aria-labelledby="replay-roles">
          <header className="panel-header">
            <h2 id="replay-roles">Roles</h2>
          </header>
          <ul className="role-list">
            {defs.roles.map(({ key: role, multiple }) => {
              const holder = multiple
                ? Object.entries(roles).filter(([key]) => key.startsWith(`${role}:`)).map(([, h]) => h!).reduce<RoleHolder | undefined>((all, h) => (all ? { ...all, name: `${all.name}, ${h.name}` } : h), undefined)
                : roles[role];
              const checklist = snapshot.checklists[role] ?? [];
              return (
                <li key={role} className={`role-row${holder ? '' : ' vacant'}`} data-testid={`replay-role-${role}`}>
                  <div className="role-line">
                    <span className="role-label">{roleLabel(role, defs)}</span>
                    {holder && <span className="role-since muted small">since {shortTime(holder.since)}</span>}
                  </div>
                  <div className="role-line">
                    <span className="role-holder">{holder ? holder.name : <span className="muted">unassigned</span>}</span>
                    {checklist.length > 0 && (
                      <span className="muted small" title="Checklist steps done">
                        {checklist.filter((c) => c.done).length}/{checklist.length} done
                      </span>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
          {snapshot.smes.length > 0 && (
            <div className="sme-list">
              <h3>Subject-matter experts</h3>
              <ul>
                {snapshot.smes.map((sme) => (
                  <li key={sme.id}>
                    <span className="sme-name">{sme.name}</span>
                    <span className="sme-domain">{sme.domain}</span>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <PagesList pages={snapshot.pages} events={snapshot.events} />
        </section>

        <section className="panel transcript-panel" aria-labelledby="replay-transcript">
          <header className="panel-header">
            <h2 id="replay-transcript">Transcript</h2>
            <span className="muted small" data-testid="replay-transcript-count">
              {snapshot.transcript.length} {snapshot.transcript.length === 1 ? 'entry' : 'entries'}
            </span>
          </header>
          <FollowingScroll className="transcript-body replay-scroll" watch={snapshot.transcript.length}>
            {snapshot.transcript.length === 0 ? (
              <p className="empty">Nothing written yet at this moment.</p>
            ) : (
              <ol className="transcript-entries">
                {inTimeOrder(snapshot.transcript, (entry) => entry.at).map((entry, index) => (
                  <RowBoundary key={`${entry.id}:${index}`} what="entry">
                    <li className={`entry entry-${entry.kind}${fresh(entry.at) ? ' fresh' : ''}`} data-testid="replay-entry">
                      <EntryTime at={entry.at} className="entry-time" />
                      <span className="entry-author">{entry.author?.name ?? '…'}</span>
                      <span className={`entry-kind kind-${entry.kind}`}>{kindLabel(entry.kind)}</span>
                      <span className="entry-text" data-testid="replay-entry-text">
                        {entry.text}
                      </span>
                    </li>
                  </RowBoundary>
                ))}
              </ol>
            )}
          </FollowingScroll>
        </section>

        <div className="room-side replay-side">
          <section className="panel" aria-labelledby="replay-timeline">
            <header className="panel-header">
              <h2 id="replay-timeline">Timeline</h2>
              <span className="muted small">{snapshot.events.length} events</span>
            </header>
            <FollowingScroll className="panel-scroll" watch={snapshot.events.length}>
              <ol className="timeline">
                {snapshot.events.map((event) => (
                  <li key={event.id} className={`timeline-event${fresh(event.at) ? ' fresh' : ''}`} data-testid="replay-event" data-type={event.type}>
                    <time dateTime={new Date(event.at).toISOString()}>{clockTime(event.at)}</time>
                    <span>
                      <strong>{event.actor.name}</strong> {describeEvent(event, defs)}
                    </span>
                  </li>
                ))}
              </ol>
            </FollowingScroll>
          </section>
          <section className="panel" aria-labelledby="replay-actions">
            <header className="panel-header">
              <h2 id="replay-actions">Action items</h2>
              <span className="muted small">{snapshot.actions.filter((a) => a.status !== 'done').length} open</span>
            </header>
            <div className="panel-scroll">
              {snapshot.actions.length === 0 ? (
                <p className="empty">No action items yet at this moment.</p>
              ) : (
                <ul className="action-list">
                  {snapshot.actions.map((action, index) => (
                    <RowBoundary key={`${action.id}:${index}`} what="action item">
                      <li className={`action-row replay-action${action.status === 'done' ? ' done' : ''}`}>
                        <span aria-hidden="true">{action.status === 'done' ? '☑' : '☐'}</span>
                        <span className="action-title">{action.title}</span>
                        <span className="muted small">{action.owner?.name ?? 'unassigned'}</span>
                      </li>
                    </RowBoundary>
                  ))}
                </ul>
              )}
            </div>
          </section>
          <section className="panel" aria-labelledby="replay-updates">
            <header className="panel-header">
              <h2 id="replay-updates">Stakeholder updates</h2>
            </header>
            <div className="panel-scroll">
              <UpdateList defs={defs} updates={snapshot.updates} emptyText="Nothing published yet at this moment." />
            </div>
          </section>
        </div>
      </main>
    </div>
  );
}

/** A scrolling box that keeps its newest rows (at the bottom) in view as the replay moves on. */
function FollowingScroll({ className, watch, children }: { className: string; watch: number; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (ref.current) ref.current.scrollTop = ref.current.scrollHeight;
  }, [watch]);
  return (
    <div className={className} ref={ref} tabIndex={0}>
      {children}
    </div>
  );
}
