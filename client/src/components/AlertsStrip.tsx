/**
 * Runbooks, dashboards and the alerts that opened or fed the incident, in one line under the
 * header: the links are always one click away, the alert details open over the room on demand
 * (so opening them never pushes the panels down).
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { AlertRecord, IncidentLink } from '../../../shared/documents.ts';
import { dateTime } from '../format/time.ts';

/** Only web links are rendered as links; anything else (a `javascript:` URL) is shown as text. */
const isWebUrl = (url: string) => /^https?:\/\//i.test(url);

/** Alertmanager sends the zero time for "no end yet". */
function alertTime(iso: string | null): number | null {
  if (!iso) return null;
  const at = Date.parse(iso);
  return Number.isFinite(at) && at > 0 ? at : null;
}

const SHOWN_LABELS = ['severity', 'service', 'instance', 'job', 'namespace', 'cluster', 'region'];

export function AlertsStrip({ alerts, links }: { alerts: AlertRecord[]; links: IncidentLink[] }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const strip = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    const onClick = (e: MouseEvent) => {
      if (!strip.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('mousedown', onClick);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  if (alerts.length === 0 && links.length === 0) return null;
  const firing = alerts.filter((a) => a.status === 'firing').length;
  const resolved = alerts.length - firing;

  return (
    <div className="alerts-strip" ref={strip} data-testid="alerts-strip">
      <button type="button" className="alerts-toggle" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)}>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> Alerts &amp; links
      </button>
      {alerts.length > 0 && (
        <span className="alerts-counts small">
          {firing > 0 && <span className="alert-status alert-firing">{firing} firing</span>}
          {resolved > 0 && <span className="alert-status alert-resolved">{resolved} resolved</span>}
        </span>
      )}
      <ul className="link-chips" aria-label="Runbooks and dashboards">
        {links.map((link) => (
          <li key={link.url}>
            {isWebUrl(link.url) ? (
              <a href={link.url} target="_blank" rel="noopener noreferrer" title={link.url} data-testid="incident-link">
                {link.label} <span aria-hidden="true">↗</span>
              </a>
            ) : (
              <span title={link.url}>{link.label}</span>
            )}
          </li>
        ))}
      </ul>
      {open && (
        <div className="alerts-panel" id={panelId} role="region" aria-label="Alerts and links">
          <h3>Alerts</h3>
          {alerts.length === 0 ? (
            <p className="muted small">No alerts are attached to this incident.</p>
          ) : (
            <ul className="alert-list">
              {alerts.map((alert) => (
                <AlertRow key={`${alert.source}:${alert.fingerprint}`} alert={alert} />
              ))}
            </ul>
          )}
          <h3>Links</h3>
          {links.length === 0 ? (
            <p className="muted small">No runbooks or dashboards linked.</p>
          ) : (
            <ul className="alert-links">
              {links.map((link) => (
                <li key={link.url}>
                  {isWebUrl(link.url) ? (
                    <a href={link.url} target="_blank" rel="noopener noreferrer">
                      {link.label}
                    </a>
                  ) : (
                    link.label
                  )}{' '}
                  <span className="muted small link-url">{link.url}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

function AlertRow({ alert }: { alert: AlertRecord }) {
  const started = alertTime(alert.startsAt);
  const ended = alertTime(alert.endsAt);
  const summary = alert.annotations.summary ?? alert.annotations.description;
  const labels = SHOWN_LABELS.filter((key) => alert.labels[key]).map((key) => [key, alert.labels[key]!] as const);
  return (
    <li className="alert-row" data-testid="alert-row" data-status={alert.status}>
      <div className="alert-row-head">
        <span className={`alert-status alert-${alert.status}`}>{alert.status}</span>
        <strong>{alert.name}</strong>
        <span className="muted small">{alert.source}</span>
      </div>
      {summary && <p className="alert-summary">{summary}</p>}
      <p className="muted small">
        {started !== null && <>since {dateTime(started)}</>}
        {alert.status === 'resolved' && ended !== null && <> · resolved {dateTime(ended)}</>}
      </p>
      {labels.length > 0 && (
        <ul className="label-chips">
          {labels.map(([key, value]) => (
            <li key={key}>
              {key}=<span>{value}</span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
