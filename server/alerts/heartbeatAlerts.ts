/**
 * Alertmanager's `Watchdog` alert fires always, on purpose: its arrival says the whole pipeline
 * (Prometheus, its rules, Alertmanager, the route here) works. It is a heartbeat for the dead
 * man's switch (issue 16), never an incident. A resolved Watchdog means Prometheus stopped
 * firing it; that is no heartbeat, and the silence that follows is what the switch reports.
 */
import { alertName } from './mapping.ts';
import type { AlertNotification } from './payloads.ts';

export const WATCHDOG_ALERT = 'Watchdog';

export interface WatchdogSplit {
  /** Whether a firing Watchdog alert was in the notification. */
  heartbeat: boolean;
  /** The notification without its Watchdog alerts, for the intake; null when nothing else was in it. */
  rest: AlertNotification | null;
}

export function splitWatchdog(n: AlertNotification): WatchdogSplit {
  const isWatchdog = (a: AlertNotification['alerts'][number]) => alertName(a) === WATCHDOG_ALERT;
  const heartbeat = n.alerts.some((a) => isWatchdog(a) && a.status === 'firing');
  const others = n.alerts.filter((a) => !isWatchdog(a));
  if (others.length === n.alerts.length) return { heartbeat, rest: n };
  if (others.length === 0) return { heartbeat, rest: null };
  // A group that mixed the Watchdog with real alerts (a route without its own Watchdog branch).
  return { heartbeat, rest: { ...n, alerts: others, status: others.some((a) => a.status === 'firing') ? 'firing' : 'resolved' } };
}
