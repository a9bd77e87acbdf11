/**
 * PagerDuty's alert rules (Events API v2, "Alert De-Duplication"), on this room's incidents: a
 * trigger opens an incident for the routing key's service, or is a duplicate while its dedup key's
 * alert is open (acknowledged included) and changes nothing; once that alert is resolved, a
 * trigger fires it again in the incident still open, or opens a new incident if that one is
 * resolved. Acknowledge and resolve apply to an open alert and are dropped otherwise, as PagerDuty
 * drops them. Resolving an alert closes nothing (as Alertmanager's resolved notification).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { CommandServices } from '../../commands/context.ts';
import type { AlertLedger } from '../../storage/alertLedger.ts';
import type { AlertIncidents } from '../AlertIncidents.ts';
import { eventNotification } from './eventNotification.ts';
import type { PagerDutyEvent } from './PagerDutyEvent.ts';

export interface EventOutcome {
  dedupKey: string;
  incidentId: string | null;
  silenceId?: string;
  /** Paged without a room (issue 19): a low-urgency alert opens no incident. */
  pageId?: string;
}

export class PagerDutyIntake {
  constructor(
    private readonly ledger: AlertLedger,
    private readonly incidents: AlertIncidents,
    private readonly services: Pick<CommandServices, 'state'>,
  ) {}

  handle(event: PagerDutyEvent, service: string): Promise<EventOutcome> {
    // A trigger without a key is a new alert, under a key PagerDuty would make: a UUID.
    const dedupKey = event.dedup_key || randomUUID();
    const n = eventNotification(event, service, dedupKey);
    return this.services.state.atomically(async () => {
      await this.ledger.lockGroup(n.source, n.groupKey);
      const { open, joined } = await this.incidents.ofGroup(n);
      // A group that just joined its service's incident has said nothing yet.
      const status = open && !joined ? await this.ledger.statusOfGroup(n.source, n.groupKey) : null;
      const answer = (incidentId: string | null): EventOutcome => ({ dedupKey, incidentId });

      if (event.event_action === 'trigger') {
        if (open && !joined && status !== 'resolved') return answer(open);
        let incidentId = open;
        if (!incidentId) {
          // The same key triggered again within the silence is held once.
          const digest = createHash('sha256').update(JSON.stringify([n.source, n.groupKey, 'trigger'])).digest('hex');
          const held = await this.incidents.holdBack(n, digest);
          if (held) return { ...answer(null), silenceId: held.silenceId };
          const pageId = await this.incidents.pageInstead(n);
          if (pageId) return { ...answer(null), pageId };
          incidentId = await this.incidents.open(n);
        }
        if (joined) await this.ledger.bindGroup(n.source, n.groupKey, incidentId);
        await this.incidents.attach(incidentId, n);
        await this.ledger.setGroupStatus(n.source, n.groupKey, 'firing');
        return answer(incidentId);
      }

      const next = event.event_action === 'acknowledge' ? 'acknowledged' : 'resolved';
      // A group that feeds no incident of its own has no alert to acknowledge or resolve there.
      const own = joined ? undefined : open;
      if (!own && next === 'resolved') {
        const pageId = await this.incidents.resolvePage(n);
        if (pageId) return { ...answer(null), pageId };
      }
      const applies = next === 'acknowledged' ? status === 'firing' : status !== 'resolved';
      if (!own || !applies) return answer(own ?? null);
      await this.incidents.recordFollowUp(own, n.source, dedupKey, next);
      await this.ledger.setGroupStatus(n.source, n.groupKey, next);
      return answer(own);
    });
  }
}
