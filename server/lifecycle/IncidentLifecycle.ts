/**
 * Carries an incident from declaration to resolution the way on-call teams work: roles filled
 * from the roster, the primary paged, the secondary paged when nobody acknowledges in time,
 * stakeholders' update cadence kept. Commands call in after they change state; timers call in
 * when they fall due.
 */
import * as Y from 'yjs';
import type { Person } from '../../shared/incident.ts';
import type { IncidentMeta, PageReason, PageRecord } from '../../shared/documents.ts';
import { ResponderRoot, responderDocName } from '../../shared/documents.ts';
import { SINGLE_HOLDER_ROLES } from '../../shared/roles.ts';
import type { LifecycleConfig } from '../config.ts';
import type { IncidentStateWriter } from '../state/IncidentStateWriter.ts';
import type { RoomRegistry } from '../sync/RoomRegistry.ts';
import type { Roster } from '../storage/roster.ts';
import type { Database } from '../storage/database.ts';
import { AUTOMATION_USER } from '../auth/authenticator.ts';
import { newId } from '../ids.ts';
import type { Scheduler } from './Scheduler.ts';
import type { PageNotification, WebhookSender } from './WebhookSender.ts';

/** What a person's open browser tabs are told, over socket.io. */
export interface Notifier {
  page(userId: string, page: PageRecord & { incidentId: string; title: string; severity: string }): void;
  reminder(userId: string, reminder: { incidentId: string; title: string; overdueSince: number }): void;
}

export interface LifecycleDeps {
  db: Database;
  state: IncidentStateWriter;
  registry: RoomRegistry;
  roster: Roster;
  scheduler: Scheduler;
  webhooks: WebhookSender;
  notifier: () => Notifier | null;
  config: LifecycleConfig;
  publicUrl: string;
  now: () => number;
}

export class IncidentLifecycle {
  constructor(private readonly deps: LifecycleDeps) {}

  /** Arms the durable timers; call once the server can serve. */
  start(): void {
    this.deps.scheduler.start({
      escalation: (id) => this.onEscalationDue(id),
      'update-reminder': (id) => this.onReminderDue(id),
    });
  }

  /** After `declare`: roster, checklists, first page, escalation and update timers. */
  afterDeclare(incidentId: string, actor: Person): void {
    const { state, roster, config, scheduler } = this.deps;
    const meta = this.meta(incidentId);
    const entry = meta.service ? roster.get(meta.service) : undefined;
    state.change(incidentId, actor, ({ maps, now, record }) => {
      maps.meta.set('nextUpdateDue', meta.createdAt + config.updateCadenceMs[meta.severity]);
      if (!entry) return;
      for (const role of ['primary', 'secondary'] as const) {
        const person = entry[role];
        if (!person) continue;
        const holder = { id: person.userId, name: person.name };
        if (!maps.people.has(holder.id)) maps.people.set(holder.id, holder);
        maps.roles.set(role, { ...holder, since: now });
        record({ type: 'role.assigned', role, holder, source: 'roster' });
      }
      for (const sme of entry.smes) {
        const added = { id: newId('sme'), name: sme.name, domain: sme.domain, userId: sme.userId ?? null, addedAt: now };
        maps.smes.set(added.id, added);
        record({ type: 'sme.added', sme: added });
      }
    });
    this.seedChecklists(incidentId);
    if (entry?.primary) this.page(incidentId, actor, { id: entry.primary.userId, name: entry.primary.name }, 'declared', null);
    scheduler.schedule('escalation', incidentId, meta.createdAt + config.escalateAfterMs);
    scheduler.schedule('update-reminder', incidentId, meta.createdAt + config.updateCadenceMs[meta.severity]);
  }

  afterAcknowledge(incidentId: string, actor: Person): void {
    this.deps.scheduler.cancel('escalation', incidentId);
    this.deps.state.change(incidentId, actor, ({ maps, now }) => {
      const pages = maps.pages.toArray();
      pages.forEach((p, i) => {
        if (p.acknowledgedAt !== null) return;
        maps.pages.delete(i, 1);
        maps.pages.insert(i, [{ ...p, acknowledgedAt: now }]);
      });
    });
  }

  /** After an update is published or severity changes: the next update is due one cadence later. */
  afterUpdateOrSeverity(incidentId: string, actor: Person): void {
    const meta = this.meta(incidentId);
    if (meta.status === 'resolved') return;
    const maps = this.deps.state.read(incidentId);
    const last = maps.updates.length ? maps.updates.get(maps.updates.length - 1).at : meta.createdAt;
    const due = last + this.deps.config.updateCadenceMs[meta.severity];
    this.deps.state.change(incidentId, actor, ({ maps: m }) => m.meta.set('nextUpdateDue', due));
    this.deps.scheduler.reschedule('update-reminder', incidentId, due);
  }

  afterStatus(incidentId: string, actor: Person): void {
    const meta = this.meta(incidentId);
    if (meta.status === 'resolved') {
      this.deps.scheduler.cancel('escalation', incidentId);
      this.deps.scheduler.cancel('update-reminder', incidentId);
      this.deps.state.change(incidentId, actor, ({ maps }) => maps.meta.set('nextUpdateDue', null));
    } else if (meta.nextUpdateDue === null) {
      this.afterUpdateOrSeverity(incidentId, actor);
    }
  }

  /** Pages one person: a record and an event on the timeline, their open tabs, the service's webhooks. */
  page(incidentId: string, actor: Person, target: Person, reason: PageReason, domain: string | null): PageRecord {
    const meta = this.meta(incidentId);
    const page: PageRecord = { id: newId('page'), at: this.deps.now(), target, reason, domain, acknowledgedAt: null };
    this.deps.state.change(incidentId, actor, ({ maps, record }) => {
      maps.pages.push([page]);
      record({ type: 'paged', target, reason, domain });
    });
    this.deps.notifier()?.page(target.id, { ...page, incidentId, title: meta.title, severity: meta.severity });
    const entry = meta.service ? this.deps.roster.get(meta.service) : undefined;
    if (entry && (entry.webhooks.length || entry.slackWebhooks.length)) {
      const notification: PageNotification = {
        type: 'page',
        at: new Date(page.at).toISOString(),
        reason,
        domain,
        target,
        incident: { id: incidentId, title: meta.title, severity: meta.severity, status: meta.status, service: meta.service, url: `${this.deps.publicUrl}/incidents/${incidentId}` },
      };
      void this.deps.webhooks.send(notification, { json: entry.webhooks, slack: entry.slackWebhooks });
    }
    return page;
  }

  private onEscalationDue(incidentId: string): void {
    const meta = this.meta(incidentId);
    if (meta.acknowledgedAt !== null || meta.status === 'resolved') return;
    const roles = this.deps.state.read(incidentId).roles;
    const primary = roles.get('primary');
    const secondary = roles.get('secondary');
    this.deps.state.change(incidentId, AUTOMATION_USER, ({ record }) =>
      record({
        type: 'escalated',
        from: primary ? { id: primary.id, name: primary.name } : null,
        to: secondary ? { id: secondary.id, name: secondary.name } : null,
        afterMs: this.deps.config.escalateAfterMs,
      }),
    );
    if (secondary) this.page(incidentId, AUTOMATION_USER, { id: secondary.id, name: secondary.name }, 'escalation', null);
  }

  private onReminderDue(incidentId: string): void {
    const meta = this.meta(incidentId);
    if (meta.status === 'resolved' || meta.nextUpdateDue === null) return;
    const roles = this.deps.state.read(incidentId).roles;
    const holder = roles.get('comms') ?? roles.get('commander') ?? null;
    const to = holder ? { id: holder.id, name: holder.name } : null;
    this.deps.state.change(incidentId, AUTOMATION_USER, ({ record }) => record({ type: 'update.reminder', to, overdueSince: meta.nextUpdateDue! }));
    if (to) this.deps.notifier()?.reminder(to.id, { incidentId, title: meta.title, overdueSince: meta.nextUpdateDue });
    // Keep reminding, once a cadence, until someone publishes.
    this.deps.scheduler.schedule('update-reminder', incidentId, this.deps.now() + this.deps.config.updateCadenceMs[meta.severity]);
  }

  private seedChecklists(incidentId: string): void {
    const room = this.deps.registry.get(responderDocName(incidentId));
    this.deps.registry.touch(room);
    const lists = room.doc.getMap<Y.Array<Y.Map<unknown>>>(ResponderRoot.checklists);
    this.deps.db.transaction(() =>
      room.change(AUTOMATION_USER.id, () => {
        for (const role of SINGLE_HOLDER_ROLES) {
          const items = new Y.Array<Y.Map<unknown>>();
          items.push(
            this.deps.config.checklists[role].map((text) => {
              const item = new Y.Map<unknown>();
              item.set('id', newId('chk'));
              item.set('text', text);
              item.set('done', false);
              return item;
            }),
          );
          lists.set(role, items);
        }
      }),
    );
  }

  private meta(incidentId: string): IncidentMeta {
    return this.deps.state.read(incidentId).meta.toJSON() as IncidentMeta;
  }
}
