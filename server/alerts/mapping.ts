/**
 * How an alert notification becomes an incident (documented in the README): title, severity,
 * service, links and privacy, from labels and annotations.
 */
import { createHash } from 'node:crypto';
import type { Severity } from '../../shared/incident.ts';
import type { IncidentLink } from '../../shared/documents.ts';
import { SERVICE_NAME_PATTERN } from '../../shared/roster.ts';
import { Limits } from '../../shared/limits.ts';
import type { AlertNotification, ParsedAlert } from './payloads.ts';

const SEVERITY_BY_LABEL: Record<string, Severity> = {
  critical: 'SEV1', page: 'SEV1', p1: 'SEV1', sev1: 'SEV1', emergency: 'SEV1',
  error: 'SEV2', high: 'SEV2', major: 'SEV2', p2: 'SEV2', sev2: 'SEV2',
  warning: 'SEV3', warn: 'SEV3', medium: 'SEV3', p3: 'SEV3', sev3: 'SEV3',
  info: 'SEV4', low: 'SEV4', minor: 'SEV4', none: 'SEV4', p4: 'SEV4', p5: 'SEV4', sev4: 'SEV4',
};

const firstLabel = (n: AlertNotification, key: string): string | undefined =>
  n.commonLabels[key] ?? n.groupLabels[key] ?? n.alerts.find((a) => a.labels[key])?.labels[key];

export function alertName(a: ParsedAlert): string {
  return a.labels.alertname ?? 'alert';
}

export function incidentTitle(n: AlertNotification): string {
  const title = n.commonAnnotations.summary ?? firstLabel(n, 'alertname') ?? n.title ?? 'Alert';
  return title.slice(0, Limits.titleLength);
}

/** The `severity` label, mapped; an alert without one is SEV3 (someone must look, no all-hands). */
export function incidentSeverity(n: AlertNotification): Severity {
  const label = firstLabel(n, 'severity')?.toLowerCase();
  return (label && SEVERITY_BY_LABEL[label]) || 'SEV3';
}

/** The `service` label, else `job`, when it is a valid service name (so the roster can match it). */
export function incidentService(n: AlertNotification): string | null {
  const value = (firstLabel(n, 'service') ?? firstLabel(n, 'job'))?.toLowerCase();
  return value && SERVICE_NAME_PATTERN.test(value) ? value : null;
}

/** An alert labelled `private="true"` opens a private incident (issue 13): its title reaches only members. */
export function incidentPrivate(n: AlertNotification): boolean {
  return firstLabel(n, 'private')?.toLowerCase() === 'true';
}

export function incidentLinks(n: AlertNotification): IncidentLink[] {
  const links: IncidentLink[] = [];
  const add = (label: string, url: string | undefined) => {
    if (!url || !/^https?:\/\//.test(url) || links.some((l) => l.url === url) || links.length >= 20) return;
    links.push({ label: label.slice(0, Limits.nameLength), url });
  };
  for (const a of n.alerts) {
    add(`Runbook: ${alertName(a)}`, a.annotations.runbook_url ?? n.commonAnnotations.runbook_url);
    add(`Dashboard: ${alertName(a)}`, a.dashboardURL || a.annotations.dashboard);
    add(`Panel: ${alertName(a)}`, a.panelURL);
    add(`Source: ${alertName(a)}`, a.generatorURL);
  }
  add(n.source === 'grafana' ? 'Grafana' : 'Alertmanager', n.externalURL);
  return links;
}

/** Alertmanager fingerprints alerts; when a sender does not, the sorted labels identify one. */
export function fingerprintOf(a: ParsedAlert): string {
  if (a.fingerprint) return a.fingerprint;
  const canonical = Object.entries(a.labels).sort(([x], [y]) => x.localeCompare(y));
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex').slice(0, 16);
}

/** Identifies one delivery: the same notification delivered twice has the same digest. */
export function deliveryDigest(n: AlertNotification): string {
  const alerts = n.alerts.map((a) => [fingerprintOf(a), a.status, a.startsAt ?? '', a.endsAt ?? '']).sort();
  return createHash('sha256').update(JSON.stringify([n.source, n.groupKey, n.status, alerts])).digest('hex');
}
