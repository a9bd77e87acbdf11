/**
 * Turns an alert notification into incident state: a firing group opens an incident (or feeds
 * the open one for the same group key), a resolved one is recorded on the timeline without
 * closing anything, and a delivery seen before changes nothing.
 */
import type { AlertRecord, IncidentLink } from '../../shared/documents.ts';
import { AUTOMATION, AUTOMATION_USER } from '../auth/authenticator.ts';
import type { CommandServices } from '../commands/context.ts';
import { executeCommand } from '../commands/runCommand.ts';
import type { AlertLedger } from '../storage/alertLedger.ts';
import { alertName, deliveryDigest, fingerprintOf, incidentLinks, incidentPrivate, incidentService, incidentSeverity, incidentTitle, incidentFields, incidentType } from './mapping.ts';
import type { AlertNotification } from './payloads.ts';

export interface IntakeResult {
  incidentId: string | null;
  created: boolean;
  duplicate: boolean;
  /** Why nothing was done, when nothing was. */
  ignored?: string;
}

export class AlertIntake {
  constructor(
    private readonly ledger: AlertLedger,
    private readonly services: CommandServices,
  ) {}

  receive(n: AlertNotification): Promise<IntakeResult> {
    return this.services.state.atomically(async () => {
      // Deliveries of one group are decided one at a time, across nodes too: a retry arriving
      // at another node while the first is handled must not open a second incident.
      await this.ledger.lockGroup(n.source, n.groupKey);
      const digest = deliveryDigest(n);
      const seen = await this.ledger.seen(digest);
      if (seen) return { incidentId: seen, created: false, duplicate: true };

      const bound = await this.ledger.incidentOfGroup(n.source, n.groupKey);
      const open = bound && (await this.services.incidents.get(bound))?.statusCategory !== 'resolved' ? bound : undefined;
      if (!open && n.status === 'resolved') return { incidentId: bound ?? null, created: false, duplicate: false, ignored: 'no open incident for this alert group' };

      let incidentId = open;
      if (!incidentId) {
        const { model } = this.services.model;
        const type = incidentType(n, model);
        const result = (await executeCommand(
          {
            type: 'declare',
            title: incidentTitle(n),
            severity: incidentSeverity(n, model),
            incidentType: type,
            fields: incidentFields(n, model, type),
            service: incidentService(n),
            summary: n.commonAnnotations.description ?? '',
            links: incidentLinks(n),
            private: incidentPrivate(n),
          },
          AUTOMATION,
          this.services,
        )) as { incident: { id: string } };
        incidentId = result.incident.id;
        await this.ledger.bindGroup(n.source, n.groupKey, incidentId);
      }
      await this.attach(incidentId, n);
      await this.ledger.remember(digest, incidentId, this.services.now());
      return { incidentId, created: !open, duplicate: false };
    });
  }

  private async attach(incidentId: string, n: AlertNotification): Promise<void> {
    const now = this.services.now();
    await this.services.state.change(incidentId, AUTOMATION_USER, ({ maps, record }) => {
      const existing = maps.alerts.toArray();
      for (const a of n.alerts) {
        const alert: AlertRecord = {
          source: n.source,
          fingerprint: fingerprintOf(a),
          status: a.status,
          name: alertName(a),
          labels: a.labels,
          annotations: a.annotations,
          startsAt: a.startsAt ?? null,
          endsAt: a.endsAt ?? null,
          receivedAt: now,
        };
        const at = existing.findIndex((x) => x.source === alert.source && x.fingerprint === alert.fingerprint);
        if (at >= 0) {
          maps.alerts.delete(at, 1);
          maps.alerts.insert(at, [alert]);
          existing[at] = alert;
        } else {
          maps.alerts.push([alert]);
          existing.push(alert);
        }
      }
      const merged = [...((maps.meta.get('links') as IncidentLink[] | undefined) ?? [])];
      for (const l of incidentLinks(n)) if (!merged.some((m) => m.url === l.url) && merged.length < 20) merged.push(l);
      maps.meta.set('links', merged);
      for (const status of ['firing', 'resolved'] as const) {
        const alerts = n.alerts.filter((a) => a.status === status);
        if (alerts.length === 0) continue;
        const names = [...new Set(alerts.map(alertName))];
        record({ type: status === 'firing' ? 'alert.firing' : 'alert.resolved', source: n.source, names, count: alerts.length });
      }
    });
  }
}
