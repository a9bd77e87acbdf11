/**
 * The top of the room, readable at a glance: severity, status and title large; the clocks
 * since declared and since acknowledged; the controls to change them for those allowed,
 * privacy included (issue 13).
 * Choosing Resolved asks for the final stakeholder update first; a resolved incident says it
 * is closed and offers no Acknowledge (issue 12).
 */
import { useState } from 'react';
import type { IncidentStatus, Severity } from '../../../shared/incident.ts';
import { statusCategory } from '../../../shared/incidentModel.ts';
import { definitionsOf, isResolved } from '../../../shared/stateDoc.ts';
import type { IncidentMeta, RoleHolder } from '../../../shared/documents.ts';
import { useCommand } from '../api/commands.ts';
import { clockTime, elapsed } from '../format/time.ts';
import { Link } from '../routing/router.tsx';
import { DesktopAlertsToggle } from './DesktopAlertsToggle.tsx';
import { Elapsed } from './Elapsed.tsx';
import { ResolveDialog } from './ResolveDialog.tsx';
import { SeverityBadge, severityShape } from './SeverityBadge.tsx';
import { StatusBadge, statusLabel } from './StatusBadge.tsx';
import { PrivateBadge } from './PrivateBadge.tsx';
import { PracticeBadge } from './PracticeBadge.tsx';

interface Props {
  meta: IncidentMeta;
  commander: RoleHolder | undefined;
  myUserId: string;
  canPublish: boolean;
}

export function IncidentHeader({ meta, commander, myUserId, canPublish }: Props) {
  const fields = useCommand();
  const ack = useCommand();
  // The status chosen in a resolved category, while the final update is asked for.
  const [resolvingTo, setResolvingTo] = useState<IncidentStatus | null>(null);
  const resolving = resolvingTo !== null;
  const defs = definitionsOf(meta);
  const closed = isResolved(meta);
  // The server decides; the controls only mirror its rule so nobody reaches for a dead one.
  const mayChange = !commander || commander.id === myUserId;
  const lockedReason = commander && !mayChange ? `${commander.name} is incident commander; only they change severity, status and privacy` : undefined;

  const setSeverity = (severity: Severity) => void fields.run({ type: 'setSeverity', incidentId: meta.id, severity });
  const setStatus = (status: IncidentStatus) => {
    if (statusCategory(defs, status) === 'resolved') setResolvingTo(status);
    else void fields.run({ type: 'setStatus', incidentId: meta.id, status });
  };
  const resolve = async (finalUpdate: string | null): Promise<string | null> => {
    if (finalUpdate) {
      const published = await fields.run({ type: 'publishUpdate', incidentId: meta.id, text: finalUpdate });
      if (!published.ok) return published.error.message;
    }
    const reply = await fields.run({ type: 'setStatus', incidentId: meta.id, status: resolvingTo! });
    if (!reply.ok) return reply.error.message;
    setResolvingTo(null);
    return null;
  };

  return (
    <header className="incident-header">
      <div className="incident-title-row">
        <Link to="/" className="back" aria-label="Back to the incident list">
          ←
        </Link>
        <SeverityBadge severity={meta.severity} defs={defs} large />
        <StatusBadge status={meta.status} defs={defs} />
        <h1 className="incident-title" data-testid="incident-title">
          {meta.title}
        </h1>
        {meta.private && <PrivateBadge />}
        <PracticeBadge incident={meta} />
        <span className="muted small incident-ids">
          {meta.service && <span className="service">{meta.service}</span>}
          {meta.id}
        </span>
      </div>
      <div className="incident-controls">
        <label className="inline-field">
          <span>Severity</span>
          <select
            aria-label="Severity"
            value={meta.severity}
            disabled={!mayChange || fields.pending || closed}
            title={closed ? 'Resolved: severity stays as it ended' : lockedReason}
            onChange={(e) => setSeverity(e.target.value as Severity)}
          >
            {defs.severities.map((s) => (
              <option key={s.key} value={s.key}>
                {severityShape(s.key, defs)} {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>Status</span>
          <select
            aria-label="Status"
            value={meta.status}
            disabled={!mayChange || fields.pending}
            title={lockedReason}
            onChange={(e) => setStatus(e.target.value as IncidentStatus)}
          >
            {defs.statuses.map((s) => (
              <option key={s.key} value={s.key}>
                {statusLabel(s.key, defs)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field" title={lockedReason}>
          <input
            type="checkbox"
            data-testid="privacy-toggle"
            checked={meta.private === true}
            disabled={!mayChange || fields.pending}
            onChange={(e) => void fields.run({ type: 'setPrivacy', incidentId: meta.id, private: e.target.checked })}
          />
          <span>Private</span>
        </label>
        <span className="clock-field" title={`Declared at ${clockTime(meta.createdAt)} by ${meta.createdBy.name}`}>
          <span className="clock-label">Declared</span>
          <Elapsed since={meta.createdAt} until={meta.resolvedAt} />
          <span className="muted small">at {clockTime(meta.createdAt)}</span>
        </span>
        {meta.acknowledgedAt !== null ? (
          <span
            className="clock-field"
            data-testid="acknowledged"
            title={`Acknowledged at ${clockTime(meta.acknowledgedAt)} by ${meta.acknowledgedBy?.name ?? 'someone'}, ${Math.round((meta.acknowledgedAt - meta.createdAt) / 1000)} s after it was declared`}
          >
            <span className="clock-label">Acknowledged</span>
            <Elapsed since={meta.acknowledgedAt} until={meta.resolvedAt} />
            <span className="muted small">
              by {meta.acknowledgedBy?.name} · <abbr title="time to acknowledge">TTA</abbr> {elapsed(meta.acknowledgedAt - meta.createdAt)}
            </span>
          </span>
        ) : closed ? null : (
          <span className="clock-field unacked-field">
            <span className="clock-label">Not acknowledged</span>
            <button
              type="button"
              className="primary small-button"
              disabled={ack.pending}
              onClick={() => void ack.run({ type: 'acknowledge', incidentId: meta.id })}
            >
              Acknowledge
            </button>
          </span>
        )}
        <span className="exports">
          <DesktopAlertsToggle />
          <Link to={`/incidents/${meta.id}/replay`} className="replay-link" title="Step through the incident as it unfolded">
            Replay
          </Link>
          <Link to={`/incidents/${meta.id}/postmortem`} className="postmortem-link" title="Write and review the postmortem together">
            Postmortem
          </Link>
          <span className="muted small">Export</span>
          <a href={`/api/incidents/${meta.id}/export.md`} target="_blank" rel="noreferrer">
            Markdown
          </a>
          <a href={`/api/incidents/${meta.id}/export.json`} target="_blank" rel="noreferrer">
            JSON
          </a>
        </span>
      </div>
      {/* One reserved line for refusals and hints, so neither pushes the room down. */}
      <p className="header-message small">
        <span className="form-error" role="alert" data-testid="header-error">
          {resolving ? null : (fields.error ?? ack.error)}
        </span>
        {closed && !(fields.error ?? ack.error) && (
          <span className="closed-notice" data-testid="closed-notice">
            Resolved at {meta.resolvedAt === null ? '…' : clockTime(meta.resolvedAt)}: this incident is closed. Roles and severity stay as they ended; set the status back to reopen it.
          </span>
        )}
        {!closed && !(fields.error ?? ack.error) && lockedReason && <span className="muted">{lockedReason}.</span>}
      </p>
      {resolving && <ResolveDialog title={meta.title} canPublish={canPublish} onCancel={() => setResolvingTo(null)} onResolve={resolve} />}
    </header>
  );
}
