/**
 * "Open a room" (issue 19): a page without a room becomes an incident, declared through the
 * command layer as the person who asked, from the alert as it arrived (title, severity, service,
 * type, fields, links and privacy, as the intake would have declared it), with the alert attached.
 * The group then feeds that incident, so the alert's resolve is recorded on its timeline. Done
 * once: the group's lock and the page's row lock make two presses at once open one incident, and
 * a later press answers the same incident.
 */
import type { Principal } from '../../shared/access.ts';
import type { AlertIncidents } from '../alerts/AlertIncidents.ts';
import type { AlertNotification } from '../alerts/payloads.ts';
import type { CommandServices } from '../commands/context.ts';
import type { AlertLedger } from '../storage/alertLedger.ts';
import type { RoomlessPageStore } from './RoomlessPageStore.ts';

export interface PagePromotionDeps {
  store: RoomlessPageStore;
  alerts: Pick<AlertIncidents, 'ofGroup' | 'open' | 'attach'>;
  ledger: Pick<AlertLedger, 'lockGroup'>;
  services: Pick<CommandServices, 'state'>;
}

export class PagePromotion {
  constructor(private readonly deps: PagePromotionDeps) {}

  /** The page's incident, and whether this call opened it; undefined for an unknown page. */
  promote(pageId: string, by: Principal): Promise<{ incidentId: string; created: boolean } | undefined> {
    const { store, alerts, ledger, services } = this.deps;
    return services.state.atomically(async () => {
      const seen = await store.get(pageId);
      if (!seen) return undefined;
      // The intake's lock first, as the intake takes it: an alert of the group waits for the room.
      await ledger.lockGroup(seen.source, seen.groupKey);
      const page = (await store.getLocked(pageId))!;
      if (page.status === 'promoted' && page.incidentId) return { incidentId: page.incidentId, created: false };
      const n = JSON.parse(page.alert) as AlertNotification;
      // A later alert of the group may have opened an incident already (a more severe one): that is the room.
      const incidentId = (await alerts.ofGroup(n)).open ?? (await alerts.open(n, by));
      await alerts.attach(incidentId, n);
      await store.markPromoted(page.id, incidentId);
      return { incidentId, created: true };
    });
  }
}
