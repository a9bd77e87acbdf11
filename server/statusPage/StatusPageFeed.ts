/**
 * Keeps the page's tables in step with incidents (issue 21): an EventFeed, so it runs inside the
 * transaction that recorded the events. An incident on the page (or just taken off it) is
 * copied as the page shows it; a public update is stored and handed to subscribers; the page's
 * version moves so every node's cache renders it again.
 */
import type { IncidentEvent } from '../../shared/documents.ts';
import type { IncidentSummary } from '../../shared/incident.ts';
import { readMeta } from '../../shared/stateDoc.ts';
import type { StateMaps } from '../../shared/stateDoc.ts';
import type { PageIncidents } from './PageIncidents.ts';
import type { PageVersion } from './PageVersion.ts';
import type { SubscriberDeliveries } from './SubscriberDeliveries.ts';

export class StatusPageFeed {
  constructor(
    private readonly incidents: PageIncidents,
    private readonly version: PageVersion,
    private readonly deliveries: SubscriberDeliveries,
    private readonly now: () => number,
  ) {}

  readonly onEvents = async (_summary: IncidentSummary, events: readonly IncidentEvent[], maps: StateMaps): Promise<void> => {
    const meta = readMeta(maps);
    if (!meta) return;
    // Most incidents are never on the page: they cost no query.
    if (meta.statusPage !== true && !events.some((e) => e.type === 'statusPage.changed')) return;
    const before = await this.incidents.get(meta.id);
    let changed = await this.incidents.follow(meta, before, this.now());
    for (const e of events) {
      if (e.type !== 'statusUpdate.published') continue;
      await this.incidents.addUpdate({ id: e.updateId, incidentId: meta.id, at: e.at, text: e.text, status: e.status }, e.actor.id);
      await this.deliveries.onUpdate(meta.id, e.updateId);
      changed = true;
    }
    if (changed) await this.version.bump();
  };
}
