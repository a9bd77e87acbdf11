/**
 * A PagerDuty alert event as the intake's notification: one alert, identified by its dedup key,
 * in a group of its own per service. PagerDuty's fields become labels (so the documented mapping
 * applies: `severity` by rank, `service` from the routing key), `custom_details` scalars become
 * labels too (an `incident_type` or `private` detail works as the label would), nested details
 * and the summary become annotations.
 */
import type { IncidentLink } from '../../../shared/documents.ts';
import type { AlertNotification } from '../payloads.ts';
import type { PagerDutyEvent } from './PagerDutyEvent.ts';

/** The bounds of Alertmanager's labels (payloads.ts), so every alert record has the same shape. */
const MAX_DETAILS = 100;
const KEY_LENGTH = 200;
const VALUE_LENGTH = 4000;

/** Dedup keys are per service: a key that replaces a revoked one carries on its alerts. */
export const groupKeyOf = (service: string, dedupKey: string) => `${service}/${dedupKey}`;

/**
 * A nested detail as text. The sender chooses the nesting: a 60 KB body of brackets is deeper than
 * JSON.stringify's stack (issue 22), and the alert still deserves its incident, so only the detail
 * is given up.
 */
function detailText(value: unknown): string {
  try {
    return JSON.stringify(value).slice(0, VALUE_LENGTH);
  } catch {
    return '(nested too deeply to show)';
  }
}

function details(raw: unknown): { labels: Record<string, string>; annotations: Record<string, string> } {
  const labels: Record<string, string> = {};
  const annotations: Record<string, string> = {};
  if (raw === undefined || raw === null) return { labels, annotations };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    annotations.details = typeof raw === 'string' ? raw.slice(0, VALUE_LENGTH) : detailText(raw);
    return { labels, annotations };
  }
  for (const [key, value] of Object.entries(raw).slice(0, MAX_DETAILS)) {
    const k = key.slice(0, KEY_LENGTH);
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') labels[k] = String(value).slice(0, VALUE_LENGTH);
    else annotations[k] = detailText(value);
  }
  return { labels, annotations };
}

function links(e: PagerDutyEvent): IncidentLink[] {
  const out: IncidentLink[] = [];
  for (const l of e.links ?? []) out.push({ label: l.text || l.href, url: l.href });
  for (const i of e.images ?? []) out.push({ label: `Image: ${i.alt || i.src}`, url: i.href || i.src });
  if (e.client_url) out.push({ label: e.client || 'Client', url: e.client_url });
  return out;
}

export function eventNotification(e: PagerDutyEvent, service: string, dedupKey: string): AlertNotification {
  const p = e.payload;
  const custom = details(p?.custom_details);
  const standard: Record<string, string> = { service };
  if (p) {
    Object.assign(standard, { alertname: p.summary.slice(0, KEY_LENGTH), severity: p.severity, source: p.source });
    for (const key of ['component', 'group', 'class'] as const) if (p[key]) standard[key] = p[key];
  }
  const labels = { ...custom.labels, ...standard };
  const annotations = { ...custom.annotations, ...(p ? { summary: p.summary } : {}) };
  const status = e.event_action === 'resolve' ? 'resolved' : 'firing';
  return {
    source: 'pagerduty',
    groupKey: groupKeyOf(service, dedupKey),
    status,
    alerts: [{ status, labels, annotations, startsAt: p?.timestamp || undefined, fingerprint: dedupKey }],
    groupLabels: {},
    commonLabels: labels,
    commonAnnotations: annotations,
    links: links(e),
  };
}
