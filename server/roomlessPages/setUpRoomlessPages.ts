/**
 * Pages without a room (issue 19) put together for the server: the paging the alert intakes
 * call for a low-urgency alert, its promotion to an incident, and the routes. Their notification
 * rules run in the notifications module (PersonPager.pageWithoutRoom).
 */
import type { Router } from 'express';
import { AlertIncidents } from '../alerts/AlertIncidents.ts';
import type { CommandServices } from '../commands/context.ts';
import { PolicyStore } from '../escalation/PolicyStore.ts';
import type { PersonPager } from '../notifications/PersonPager.ts';
import { OnCall } from '../schedules/OnCall.ts';
import { Silences } from '../silences/Silences.ts';
import type { AlertLedger } from '../storage/alertLedger.ts';
import type { Roster } from '../storage/roster.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';
import type { Users } from '../storage/users.ts';
import { PagePromotion } from './PagePromotion.ts';
import { roomlessPageRoutes } from './roomlessPageRoutes.ts';
import { RoomlessPageStore } from './RoomlessPageStore.ts';
import { RoomlessPaging } from './RoomlessPaging.ts';
import type { RoomlessNotifier } from './RoomlessPaging.ts';

export interface RoomlessPagesDeps {
  db: SqlDatabase;
  ledger: AlertLedger;
  roster: Pick<Roster, 'get'>;
  users: Users;
  services: CommandServices;
  pager: Pick<PersonPager, 'pageWithoutRoom'>;
  /** The socket server, once it runs; without one, people are reached by their rules only. */
  notifier?: () => RoomlessNotifier | null;
}

export interface RoomlessPages {
  /** For AlertIncidents: what a low-urgency alert does instead of opening an incident. */
  paging: RoomlessPaging;
  routes(): Router;
}

export function setUpRoomlessPages(deps: RoomlessPagesDeps): RoomlessPages {
  const store = new RoomlessPageStore(deps.db);
  const paging = new RoomlessPaging({
    store,
    roster: deps.roster,
    policies: new PolicyStore(deps.db),
    people: { onCall: new OnCall(deps.db), users: deps.users },
    pager: deps.pager,
    notifier: deps.notifier ?? (() => null),
    now: deps.services.now,
  });
  // Promotion declares and attaches exactly as the intakes do; AlertIncidents holds nothing of its own, so this one is theirs in all but name.
  const alerts = new AlertIncidents(deps.ledger, new Silences(deps.db), deps.services);
  const promotion = new PagePromotion({ store, alerts, ledger: deps.ledger, services: deps.services });
  return { paging, routes: () => roomlessPageRoutes({ store, promotion, services: deps.services }) };
}
