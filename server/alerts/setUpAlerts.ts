/**
 * Alerts in, put together for the server: Alertmanager and Grafana webhooks, PagerDuty Events
 * API v2 events, and the silences that hold them back (issues 16, 19).
 */
import { Router } from 'express';
import type { ErrorRequestHandler } from 'express';
import type { CommandServices } from '../commands/context.ts';
import { alertRoutes } from '../http/alertRoutes.ts';
import { silenceRoutes } from '../silences/silenceRoutes.ts';
import { Silences } from '../silences/Silences.ts';
import type { AlertLedger } from '../storage/alertLedger.ts';
import type { RoomlessPaging } from '../roomlessPages/RoomlessPaging.ts';
import type { Roster } from '../storage/roster.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';
import type { DeadMansSwitch } from '../watchdog/DeadMansSwitch.ts';
import { AlertIncidents } from './AlertIncidents.ts';
import { AlertIntake } from './AlertIntake.ts';
import { pagerDutyEventRoutes } from './pagerduty/eventRoutes.ts';
import { PagerDutyIntake } from './pagerduty/PagerDutyIntake.ts';
import { RoutingKeys } from './pagerduty/RoutingKeys.ts';

export interface AlertsDeps {
  db: SqlDatabase;
  ledger: AlertLedger;
  roster: Pick<Roster, 'get'>;
  services: CommandServices;
  deadMansSwitch: Pick<DeadMansSwitch, 'beat'>;
  /** What a low-urgency alert does instead of opening an incident (issue 19). */
  pages: RoomlessPaging;
  /** ALERT_GROUPING: whether a service's alerts join its open alert incident. */
  grouping: 'group' | 'service';
}

export interface Alerts {
  /** PagerDuty's events endpoint: its routing key is the credential, so it is mounted before sign-in. */
  eventRoutes(): [Router, ErrorRequestHandler];
  /** Webhooks, heartbeats, routing keys and silences: after sign-in. */
  routes(): Router;
}

export function setUpAlerts(deps: AlertsDeps): Alerts {
  const { db, ledger, roster, services } = deps;
  const { audit } = services;
  const silences = new Silences(db);
  const incidents = new AlertIncidents(ledger, silences, services, deps.pages, deps.grouping);
  const routingKeys = new RoutingKeys(db);
  return {
    eventRoutes: () => pagerDutyEventRoutes({ routingKeys, intake: new PagerDutyIntake(ledger, incidents, services), rate: services.commandRate }),
    routes: () => {
      const router = Router();
      router.use(alertRoutes({ intake: new AlertIntake(ledger, incidents, services), deadMansSwitch: deps.deadMansSwitch, routingKeys, roster, audit, now: services.now }));
      router.use(silenceRoutes({ silences, roster, audit, now: services.now }));
      return router;
    },
  };
}
