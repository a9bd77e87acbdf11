/**
 * Incoming alert webhooks, parsed into one shape. Prometheus Alertmanager sends its webhook
 * format version 4; Grafana's alerting webhook sends the same core fields plus dashboard and
 * panel links. Unknown fields are allowed here (both tools add fields over time); the ones we use
 * are validated. PagerDuty's events are mapped into the same shape (pagerduty/eventNotification.ts).
 */
import { z } from 'zod';
import type { AlertSource } from '../../shared/alerts.ts';
import type { IncidentLink } from '../../shared/documents.ts';

const labels = z.record(z.string().max(200), z.string().max(4000)).default({});

const Alert = z.looseObject({
  status: z.enum(['firing', 'resolved']),
  labels,
  annotations: labels,
  startsAt: z.string().max(64).optional(),
  endsAt: z.string().max(64).optional(),
  generatorURL: z.string().max(2000).optional(),
  fingerprint: z.string().max(128).optional(),
  silenceURL: z.string().max(4000).optional(),
  dashboardURL: z.string().max(2000).optional(),
  panelURL: z.string().max(2000).optional(),
});

const Common = {
  receiver: z.string().max(200).optional(),
  status: z.enum(['firing', 'resolved']),
  alerts: z.array(Alert).min(1, 'must hold at least one alert').max(1000),
  groupLabels: labels,
  commonLabels: labels,
  commonAnnotations: labels,
  externalURL: z.string().max(2000).optional(),
  groupKey: z.string().min(1).max(2000),
};

export const AlertmanagerPayload = z.looseObject({
  ...Common,
  version: z.literal('4', { error: 'only Alertmanager webhook version "4" is supported' }),
  truncatedAlerts: z.number().int().nonnegative().optional(),
});

export const GrafanaPayload = z.looseObject({
  ...Common,
  orgId: z.number().optional(),
  title: z.string().max(2000).optional(),
  message: z.string().max(20000).optional(),
});

export type ParsedAlert = z.infer<typeof Alert>;

export interface AlertNotification {
  source: AlertSource;
  groupKey: string;
  status: 'firing' | 'resolved';
  alerts: ParsedAlert[];
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL?: string | undefined;
  title?: string | undefined;
  /** Links the sender names outright (PagerDuty's `links`, `images` and `client_url`). */
  links?: IncidentLink[];
}
