/**
 * How an alert notification becomes an incident (documented in the README): title, severity,
 * service, links and privacy, from labels and annotations.
 */
import { createHash } from 'node:crypto';
import type { Severity } from '../../shared/incident.ts';
import { fieldValueRefusal } from '../../shared/incidentModel.ts';
import type { FieldValue, IncidentModel } from '../../shared/incidentModel.ts';
import type { IncidentLink } from '../../shared/documents.ts';
import { SERVICE_NAME_PATTERN } from '../../shared/roster.ts';
import { Limits } from '../../shared/limits.ts';
import type { AlertSource } from '../../shared/alerts.ts';
import type { AlertNotification, ParsedAlert } from './payloads.ts';

/** Monitoring's usual words, by the rank they mean: 0 the most severe. */
const RANK_BY_LABEL: Record<string, number> = {
  critical: 0, page: 0, p1: 0, sev1: 0, emergency: 0,
  error: 1, high: 1, major: 1, p2: 1, sev2: 1,
  warning: 2, warn: 2, medium: 2, p3: 2, sev3: 2,
  info: 3, low: 3, minor: 3, none: 3, p4: 3, p5: 3, sev4: 3,
};
/** An alert without a severity label: someone must look, no all-hands (SEV3 in the default model). */
const UNLABELLED_RANK = 2;

const firstLabel = (n: AlertNotification, key: string): string | undefined =>
  n.commonLabels[key] ?? n.groupLabels[key] ?? n.alerts.find((a) => a.labels[key])?.labels[key];

export function alertName(a: ParsedAlert): string {
  return a.labels.alertname ?? 'alert';
}

export function incidentTitle(n: AlertNotification): string {
  const title = n.commonAnnotations.summary ?? firstLabel(n, 'alertname') ?? n.title ?? 'Alert';
  return title.slice(0, Limits.titleLength);
}

/**
 * The `severity` label: a severity of the model by its key (any case), else monitoring's usual
 * words by rank, the least severe of the model where it has fewer (issue 17).
 */
export function incidentSeverity(n: AlertNotification, model: IncidentModel): Severity {
  const label = firstLabel(n, 'severity')?.toLowerCase();
  const own = label && model.severities.find((s) => s.key.toLowerCase() === label);
  if (own) return own.key;
  const rank = (label ? RANK_BY_LABEL[label] : undefined) ?? UNLABELLED_RANK;
  return model.severities[Math.min(rank, model.severities.length - 1)]!.key;
}

/** The `incident_type` label when it names a type of the model; otherwise the model's first type. */
export function incidentType(n: AlertNotification, model: IncidentModel): string | undefined {
  const label = firstLabel(n, 'incident_type');
  return model.types.find((t) => t.key === label)?.key;
}

/**
 * Custom fields from the labels their definitions name (`alertLabel`). A value that does not fit
 * its field is left out: a label must never keep an alert from opening its incident.
 */
export function incidentFields(n: AlertNotification, model: IncidentModel, typeKey: string | undefined): Record<string, FieldValue> {
  const type = model.types.find((t) => t.key === typeKey) ?? model.types[0]!;
  const values: Record<string, FieldValue> = {};
  for (const field of model.fields) {
    if (!field.alertLabel || (type.fields && !type.fields.includes(field.key))) continue;
    const raw = firstLabel(n, field.alertLabel);
    if (raw === undefined) continue;
    const value: FieldValue =
      field.kind === 'number' ? Number(raw) : field.kind === 'multiselect' ? raw.split(',').map((v) => v.trim()).filter(Boolean) : raw;
    if (fieldValueRefusal(field, value) === null) values[field.key] = value;
  }
  return values;
}

/** The `service` label, else `job`, when it is a valid service name (so the roster can match it). */
export function incidentService(n: AlertNotification): string | null {
  const value = (firstLabel(n, 'service') ?? firstLabel(n, 'job'))?.toLowerCase();
  return value && SERVICE_NAME_PATTERN.test(value) ? value : null;
}

/**
 * An alert labelled `private="true"` opens a private incident (issue 13): its title reaches only
 * members; `private="false"` a public one; without the label, its type decides (issue 17).
 */
export function incidentPrivate(n: AlertNotification): boolean | undefined {
  const label = firstLabel(n, 'private')?.toLowerCase();
  return label === 'true' ? true : label === 'false' ? false : undefined;
}

/** Whether the incident the alert opens would be private: its label, else its type (for what a silence holds back). */
export function wouldBePrivate(n: AlertNotification, model: IncidentModel): boolean {
  const typeKey = incidentType(n, model);
  return incidentPrivate(n) ?? (model.types.find((t) => t.key === typeKey) ?? model.types[0]!).private;
}

const SENDER_NAMES: Record<AlertSource, string> = { alertmanager: 'Alertmanager', grafana: 'Grafana', pagerduty: 'Client' };

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
  for (const l of n.links ?? []) add(l.label, l.url);
  add(SENDER_NAMES[n.source], n.externalURL);
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
