/**
 * Turns an Alertmanager or Grafana notification into incident state: a firing group opens an
 * incident (or feeds the open one for the same group key), a resolved one is recorded on the
 * timeline without closing anything, and a delivery seen before changes nothing. While the
 * group's service is silenced, what would open an incident is held back instead (issue 19).
 */
import type { CommandServices } from '../commands/context.ts';
import type { AlertLedger } from '../storage/alertLedger.ts';
import type { AlertIncidents } from './AlertIncidents.ts';
import { deliveryDigest } from './mapping.ts';
import type { AlertNotification } from './payloads.ts';

export interface IntakeResult {
  incidentId: string | null;
  created: boolean;
  duplicate: boolean;
  /** Why nothing was done, when nothing was. */
  ignored?: string;
  /** Held back by a silence of the alert's service: no incident, nobody paged. */
  silenced?: true;
  silenceId?: string;
  /** Paged without a room (issue 19): a low-urgency alert opens no incident. */
  pageId?: string;
}

export class AlertIntake {
  constructor(
    private readonly ledger: AlertLedger,
    private readonly incidents: AlertIncidents,
    private readonly services: Pick<CommandServices, 'state' | 'now'>,
  ) {}

  receive(n: AlertNotification): Promise<IntakeResult> {
    return this.services.state.atomically(async () => {
      // Deliveries of one group are decided one at a time, across nodes too: a retry arriving
      // at another node while the first is handled must not open a second incident.
      await this.ledger.lockGroup(n.source, n.groupKey);
      const digest = deliveryDigest(n);
      const seen = await this.ledger.seen(digest);
      if (seen) return { incidentId: seen, created: false, duplicate: true };

      const { bound, open, joined } = await this.incidents.ofGroup(n);
      if (!open && n.status === 'resolved') {
        const pageId = await this.incidents.resolvePage(n);
        if (pageId) return { incidentId: null, created: false, duplicate: false, pageId };
        return { incidentId: bound ?? null, created: false, duplicate: false, ignored: 'no open incident for this alert group' };
      }

      let incidentId = open;
      if (!incidentId) {
        // Not remembered as handled: the same notification repeated after the silence opens the incident.
        const held = await this.incidents.holdBack(n, digest);
        if (held) return { incidentId: null, created: false, duplicate: held.duplicate, silenced: true, silenceId: held.silenceId };
        const pageId = await this.incidents.pageInstead(n);
        if (pageId) return { incidentId: null, created: false, duplicate: false, pageId };
        incidentId = await this.incidents.open(n);
      }
      if (joined) await this.ledger.bindGroup(n.source, n.groupKey, incidentId);
      await this.incidents.attach(incidentId, n);
      await this.ledger.remember(digest, incidentId, this.services.now());
      return { incidentId, created: !open, duplicate: false };
    });
  }
}
