/**
 * The pages and reminders in front of everything else: one card per alert, top right, with the
 * room to open and (for a page) the Acknowledge button. Escape dismisses the card that has focus.
 * The cards come first in the document, so Tab reaches them before the page behind.
 */
import type { KeyboardEvent } from 'react';
import { usePageAlerts, pageHeadline } from '../api/usePageAlerts.ts';
import type { PageAlert } from '../api/usePageAlerts.ts';
import { clockTime } from '../format/time.ts';
import { Link } from '../routing/router.tsx';
import type { Severity } from '../../../shared/incident.ts';
import { SeverityBadge } from './SeverityBadge.tsx';
import { roleLabel } from '../../../shared/roles.ts';

export function PageAlerts() {
  const { alerts, dismiss, acknowledge } = usePageAlerts();

  const onKeyDown = (event: KeyboardEvent<HTMLElement>, key: string) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    // Keep keyboard users in the stack: focus moves to the next card, if any.
    const next = (event.currentTarget.nextElementSibling ?? event.currentTarget.previousElementSibling) as HTMLElement | null;
    dismiss(key);
    next?.focus();
  };

  return (
    <div className="page-alerts" aria-live="assertive" aria-relevant="additions">
      {alerts.map((alert) => (
        <section
          key={alert.key}
          className={`page-alert page-alert-${alert.kind}`}
          data-testid="page-alert"
          data-kind={alert.kind}
          data-incident={incidentOf(alert)}
          data-state={alert.kind === 'page' ? alert.ack.state : alert.kind}
          aria-labelledby={`alert-${alert.key}`}
          tabIndex={-1}
          onKeyDown={(e) => onKeyDown(e, alert.key)}
        >
          {alert.kind === 'page' ? (
            <PageCard alert={alert} onAcknowledge={() => void acknowledge(alert)} />
          ) : alert.kind === 'reminder' ? (
            <ReminderCard alert={alert} />
          ) : (
            <RoleTakenCard alert={alert} />
          )}
          <button type="button" className="page-alert-dismiss link-button" aria-label="Dismiss (Escape)" title="Dismiss (Escape)" onClick={() => dismiss(alert.key)}>
            ×
          </button>
        </section>
      ))}
    </div>
  );
}

function PageCard({ alert, onAcknowledge }: { alert: Extract<PageAlert, { kind: 'page' }>; onAcknowledge: () => void }) {
  const { page, ack } = alert;
  return (
    <>
      <p className="page-alert-kicker" id={`alert-${alert.key}`}>
        <span aria-hidden="true">◉ </span>
        {pageHeadline(page)}
      </p>
      <p className="page-alert-title">
        <SeverityBadge severity={page.severity as Severity} />
        <Link to={`/incidents/${page.incidentId}`}>{page.title}</Link>
      </p>
      <p className="muted small">
        Paged at {clockTime(page.at)} · {page.incidentId}
      </p>
      <div className="page-alert-actions">
        {ack.state === 'done' ? (
          <span className="page-alert-acked" role="status">
            ✓ Acknowledged {clockTime(ack.at)}
          </span>
        ) : (
          <button type="button" className="primary" disabled={ack.state === 'pending'} onClick={onAcknowledge}>
            {ack.state === 'pending' ? 'Acknowledging…' : 'Acknowledge'}
          </button>
        )}
        <Link to={`/incidents/${page.incidentId}`} className="page-alert-open">
          Open the room
        </Link>
      </div>
      {ack.state === 'failed' && (
        <p className="form-error small" role="alert">
          {ack.message}
        </p>
      )}
    </>
  );
}

function incidentOf(alert: PageAlert): string {
  switch (alert.kind) {
    case 'page':
      return alert.page.incidentId;
    case 'reminder':
      return alert.reminder.incidentId;
    case 'roleTaken':
      return alert.notice.incidentId;
  }
}

function RoleTakenCard({ alert }: { alert: Extract<PageAlert, { kind: 'roleTaken' }> }) {
  const { notice } = alert;
  const role = roleLabel(notice.role);
  const how =
    notice.reason === 'away'
      ? `${notice.by.name} took over ${role} from you while you were away.`
      : `${notice.by.name} reassigned ${role} from you to ${notice.to.name}.`;
  return (
    <>
      <p className="page-alert-kicker" id={`alert-${alert.key}`}>
        <span aria-hidden="true">⇄ </span>Your role moved
      </p>
      <p className="page-alert-title">
        <Link to={`/incidents/${notice.incidentId}`}>{notice.title}</Link>
      </p>
      <p className="small">{how}</p>
      <div className="page-alert-actions">
        <Link to={`/incidents/${notice.incidentId}`} className="page-alert-open">
          Open the room
        </Link>
      </div>
    </>
  );
}

function ReminderCard({ alert }: { alert: Extract<PageAlert, { kind: 'reminder' }> }) {
  const { reminder } = alert;
  return (
    <>
      <p className="page-alert-kicker" id={`alert-${alert.key}`}>
        <span aria-hidden="true">⏱ </span>A stakeholder update is overdue
      </p>
      <p className="page-alert-title">
        <Link to={`/incidents/${reminder.incidentId}`}>{reminder.title}</Link>
      </p>
      <p className="muted small">Due since {clockTime(reminder.overdueSince)}. You hold communications (or command) in this incident.</p>
      <div className="page-alert-actions">
        <Link to={`/incidents/${reminder.incidentId}`} className="page-alert-open">
          Open the room to publish
        </Link>
      </div>
    </>
  );
}
