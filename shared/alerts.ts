/**
 * Alerts in from monitoring (issue 19): the senders, the routing keys that PagerDuty Events API v2
 * clients authenticate with, and per-service silences (maintenance windows) that hold alerts back.
 */
import { z } from 'zod';
import type { Person } from './incident.ts';
import type { AlertRecord } from './documents.ts';
import { Limits } from './limits.ts';
import { SERVICE_NAME_PATTERN } from './roster.ts';

export const ALERT_SOURCES = ['alertmanager', 'grafana', 'pagerduty'] as const;
export type AlertSource = (typeof ALERT_SOURCES)[number];

export const SilenceLimits = {
  /** A forgotten silence pages nobody for as long as it lasts: a month at most, then renew it. */
  maxDays: 31,
  reasonLength: 500,
  /** Alerts kept per silence; beyond it they are only counted (a storm during maintenance). */
  alertsKept: 1000,
  /** Silences listed per service, the newest first. */
  listed: 100,
} as const;

const instant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 instant such as "2026-03-02T09:00:00Z"' });

/** `POST /api/services/<service>/silences`: from `start` (now when left out, or in the past) until `end`. */
export const CreateSilence = z.strictObject({
  start: instant.optional(),
  end: instant,
  reason: z.string().trim().min(1, 'must not be empty').max(SilenceLimits.reasonLength),
});
export type CreateSilence = z.infer<typeof CreateSilence>;

export type SilenceState = 'scheduled' | 'active' | 'ended';

export interface SilenceView {
  id: string;
  service: string;
  startsAt: string;
  endsAt: string;
  reason: string;
  createdBy: Person;
  createdAt: string;
  /** When it was ended (or called off before its start) by `DELETE`; null otherwise. */
  endedEarlyAt: string | null;
  endedEarlyBy: Person | null;
  state: SilenceState;
  /** Alert deliveries it held back. */
  alertsHeld: number;
}

/**
 * An alert delivery a silence held back. One that would have opened a private incident shows its
 * title and alerts only to admins and the API token (issue 13: there are no members to show them to).
 */
export interface HeldAlertView {
  receivedAt: string;
  source: AlertSource;
  status: 'firing' | 'resolved';
  private: boolean;
  title: string | null;
  severity: string | null;
  alerts: AlertRecord[] | null;
}

/** `POST /api/alerts/routing-keys`: a PagerDuty-style integration key for one roster service. */
export const CreateRoutingKey = z.strictObject({
  service: z.string().regex(SERVICE_NAME_PATTERN, 'must be a service name: lowercase letters, digits, ".", "_" and "-", up to 63 characters'),
  /** What sends with it ("Datadog production"), for the list. */
  name: z.string().trim().max(Limits.nameLength).optional(),
});
export type CreateRoutingKey = z.infer<typeof CreateRoutingKey>;

export interface RoutingKeyView {
  id: string;
  service: string;
  name: string;
  createdBy: Person;
  createdAt: string;
}

/** The answer to creating a key: the only time its secret is shown. */
export interface CreatedRoutingKey extends RoutingKeyView {
  routingKey: string;
}
