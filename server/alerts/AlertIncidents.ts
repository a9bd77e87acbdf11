/**
 * What every alert intake does to incidents, whatever the sender's protocol: find the open
 * incident an alert group feeds, hold an alert back while its service is silenced, open an
 * incident for it, record alerts on the timeline. When to do which is the intakes' decision
 * (Alertmanager's deliveries by digest, PagerDuty's events by dedup key); they call these inside
 * one transaction that holds the group's lock.
 *
 * Urgency (issue 19): an alert whose severity is not of high urgency in the incident model opens
 * no incident: it pages its service's on-call person without a room (RoomlessPaging).
 */
import type { Principal } from '../../shared/access.ts';
import type { AlertRecord, IncidentLink } from '../../shared/documents.ts';
import { AUTOMATION, AUTOMATION_USER } from '../auth/authenticator.ts';
import type { CommandServices } from '../commands/context.ts';
import { executeCommand } from '../commands/runCommand.ts';
import type { RoomlessPaging } from '../roomlessPages/RoomlessPaging.ts';
import type { Silences } from '../silences/Silences.ts';
import type { AlertLedger } from '../storage/alertLedger.ts';
import {
  alertName,
  fingerprintOf,
  incidentFields,
  incidentLinks,
  incidentPrivate,
  incidentService,
  incidentSeverity,
  incidentTitle,
  incidentType,
  wouldBePrivate,
} from './mapping.ts';
import type { AlertNotification } from './payloads.ts';

export interface HeldBack {
  silenceId: string;
  /** The silence had held this very delivery already. */
  duplicate: boolean;
}

export class AlertIncidents {
  constructor(
    private readonly ledger: AlertLedger,
    private readonly silences: Silences,
    private readonly services: CommandServices,
    /** Null: every alert opens an incident, whatever its urgency. */
    private readonly pages: Pick<RoomlessPaging, 'open' | 'resolve'> | null = null,
    /** ALERT_GROUPING: `service` lets a new group join the open incident its service's alerts opened. */
    private readonly grouping: 'group' | 'service' = 'group',
  ) {}

  /**
   * The incident the group fed last, and that incident again if it is still open. With grouping
   * by service, a group that feeds no open incident joins the open one of its service's other
   * alert groups (`joined`); the caller binds it there. The service's lock is held to the end of
   * the transaction, so two senders' first alerts arriving at two nodes at once open one incident.
   */
  async ofGroup(n: AlertNotification): Promise<{ bound: string | undefined; open: string | undefined; joined: boolean }> {
    const bound = await this.ledger.incidentOfGroup(n.source, n.groupKey);
    const open = bound && (await this.services.incidents.get(bound))?.statusCategory !== 'resolved' ? bound : undefined;
    const service = this.grouping === 'service' && !open ? incidentService(n) : null;
    if (!service) return { bound, open, joined: false };
    await this.ledger.lockService(service);
    const joined = await this.ledger.openIncidentOfService(service);
    return { bound, open: joined ?? undefined, joined: joined !== null };
  }

  /**
   * Keeps the delivery under the active silence of its service, if there is one: it then opens no
   * incident and pages nobody. An alert without a service is never silenced.
   */
  async holdBack(n: AlertNotification, digest: string): Promise<HeldBack | null> {
    const service = incidentService(n);
    if (!service) return null;
    const now = this.services.now();
    const silence = await this.silences.activeFor(service, now);
    if (!silence) return null;
    const { model } = this.services.model;
    const kept = await this.silences.hold(silence.id, {
      digest,
      source: n.source,
      status: n.status,
      private: wouldBePrivate(n, model),
      title: incidentTitle(n),
      severity: incidentSeverity(n, model),
      alerts: alertRecords(n, now),
      receivedAt: now,
    });
    return { silenceId: silence.id, duplicate: !kept };
  }

  /**
   * Where the alert's severity is of low urgency (or none) in the model, it pages without a room
   * instead of opening an incident (issue 19): the answer is that page's id (the group's live page
   * again for a repeat); null for a high-urgency alert, which opens an incident as before.
   */
  async pageInstead(n: AlertNotification): Promise<string | null> {
    if (!this.pages) return null;
    const { model } = this.services.model;
    const severity = incidentSeverity(n, model);
    const urgency = model.severities.find((s) => s.key === severity)?.urgency ?? 'high';
    if (urgency === 'high') return null;
    const page = await this.pages.open({
      source: n.source,
      groupKey: n.groupKey,
      title: incidentTitle(n),
      severity,
      service: incidentService(n),
      urgency,
      private: wouldBePrivate(n, model),
      alert: n,
    });
    return page.id;
  }

  /** The alert resolved at its source: the group's live page without a room, if any, resolves and pages no more. */
  async resolvePage(n: AlertNotification): Promise<string | null> {
    return (await this.pages?.resolve(n.source, n.groupKey))?.id ?? null;
  }

  /**
   * Declares the group's incident, as automation (unacknowledged, paging whom its service's roster
   * says), or as the person who promoted its page without a room.
   */
  async open(n: AlertNotification, by: Principal = AUTOMATION): Promise<string> {
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
      by,
      this.services,
    )) as { incident: { id: string } };
    await this.ledger.bindGroup(n.source, n.groupKey, result.incident.id);
    return result.incident.id;
  }

  /** Adds or updates the notification's alerts and links, with one timeline event per status. */
  async attach(incidentId: string, n: AlertNotification): Promise<void> {
    const now = this.services.now();
    await this.services.state.change(incidentId, AUTOMATION_USER, ({ maps, record }) => {
      const existing = maps.alerts.toArray();
      for (const alert of alertRecords(n, now)) {
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

  /**
   * A sender's word on one alert it raised before (PagerDuty's `acknowledge` and `resolve`): the
   * alert keeps its labels and takes the status. An acknowledgement is recorded and leaves the
   * incident unacknowledged: acknowledging is a person's, and it stops the escalation.
   */
  async recordFollowUp(incidentId: string, source: AlertRecord['source'], fingerprint: string, status: 'acknowledged' | 'resolved'): Promise<void> {
    const now = this.services.now();
    await this.services.state.change(incidentId, AUTOMATION_USER, ({ maps, record }) => {
      const at = maps.alerts.toArray().findIndex((a) => a.source === source && a.fingerprint === fingerprint);
      const alert = at >= 0 ? maps.alerts.get(at) : undefined;
      if (alert && status === 'resolved') {
        maps.alerts.delete(at, 1);
        maps.alerts.insert(at, [{ ...alert, status, endsAt: new Date(now).toISOString(), receivedAt: now }]);
      }
      record({ type: status === 'resolved' ? 'alert.resolved' : 'alert.acknowledged', source, names: [alert?.name ?? fingerprint], count: 1 });
    });
  }
}

function alertRecords(n: AlertNotification, receivedAt: number): AlertRecord[] {
  return n.alerts.map((a) => ({
    source: n.source,
    fingerprint: fingerprintOf(a),
    status: a.status,
    name: alertName(a),
    labels: a.labels,
    annotations: a.annotations,
    startsAt: a.startsAt ?? null,
    endsAt: a.endsAt ?? null,
    receivedAt,
  }));
}
