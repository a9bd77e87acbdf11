/**
 * Carries an incident from declaration to resolution the way on-call teams work: roles filled
 * from the roster, the primary paged, the secondary paged when nobody acknowledges in time,
 * stakeholders' update cadence kept. A service that names an escalation policy (issue 18) has its
 * roles filled from the policy's schedules and its pages sent by the policy's steps instead.
 * Commands call in after they change state; timers call in when they fall due.
 */
import * as Y from 'yjs';
import type { Person } from '../../shared/incident.ts';
import type { RoleTakenNotice } from '../../shared/api.ts';
import type { IncidentMeta, PageReason, PageRecord } from '../../shared/documents.ts';
import { responderDocName } from '../../shared/documents.ts';
import { checklistItem, responderRoots } from '../../shared/responderDoc.ts';
import { cadenceMs, roleChecklist, severityDefinition } from '../../shared/incidentModel.ts';
import type { IncidentDefinitions } from '../../shared/incidentModel.ts';
import { definitionsOf, isResolved } from '../../shared/stateDoc.ts';
import type { LifecycleConfig } from '../config.ts';
import type { IncidentStateWriter } from '../state/IncidentStateWriter.ts';
import type { RoomRegistry } from '../sync/RoomRegistry.ts';
import type { WriteQueue } from '../sync/WriteQueue.ts';
import type { Roster } from '../storage/roster.ts';
import { AUTOMATION_USER } from '../auth/authenticator.ts';
import { newId } from '../ids.ts';
import type { Scheduler } from './Scheduler.ts';
import type { PersonPager } from '../notifications/PersonPager.ts';
import type { EscalationRunner } from '../escalation/EscalationRunner.ts';
import { RoomPresenceWatch } from './HolderPresence.ts';
import type { HolderPresence } from './HolderPresence.ts';
import { PRIVATE_INCIDENT_TITLE } from './WebhookSender.ts';
import type { PageNotification, WebhookSender } from './WebhookSender.ts';

/** What a person's open browser tabs are told, over socket.io. */
export interface Notifier {
  page(userId: string, page: PageRecord & { incidentId: string; title: string; severity: string }): void;
  reminder(userId: string, reminder: { incidentId: string; title: string; overdueSince: number }): void;
  /** Someone else now holds a role this person held (issue 12). */
  roleTaken(userId: string, notice: RoleTakenNotice): void;
}

export interface LifecycleDeps {
  writes: WriteQueue;
  state: IncidentStateWriter;
  registry: RoomRegistry;
  roster: Roster;
  scheduler: Scheduler;
  webhooks: WebhookSender;
  notifier: () => Notifier | null;
  /** Follows the paged person's notification rules beyond their open tabs (issue 18). */
  pager: Pick<PersonPager, 'pagePerson'> | null;
  /** Runs the escalation policy a service names (issue 18). */
  escalation: Pick<EscalationRunner, 'policy' | 'roles' | 'start' | 'stop'>;
  config: LifecycleConfig;
  publicUrl: string;
  now: () => number;
}

export class IncidentLifecycle {
  private readonly presenceWatch: RoomPresenceWatch;
  /** Whether a role holder is connected, for the role rescue. */
  readonly presence: HolderPresence;
  readonly roleAwayMs: number;

  constructor(private readonly deps: LifecycleDeps) {
    this.presenceWatch = new RoomPresenceWatch(deps.registry, deps.now);
    this.presence = this.presenceWatch;
    // ROLE_AWAY_SEC: a holder away this long may have their role taken over (shared/roles.ts, takeOverRefusal).
    this.roleAwayMs = deps.config.roleAwayMs;
  }

  /** Arms the durable timers; call once the server can serve. */
  start(): void {
    this.presenceWatch.start();
    this.deps.scheduler.start({
      escalation: (id) => this.onEscalationDue(id),
      'update-reminder': (id) => this.onReminderDue(id),
    });
  }

  /** After `declare`: roster or policy, checklists, first page, escalation and update timers. */
  async afterDeclare(incidentId: string, actor: Person): Promise<void> {
    const { state, roster, config, scheduler, escalation } = this.deps;
    const meta = await this.meta(incidentId);
    const defs = definitionsOf(meta);
    const urgency = severityDefinition(defs, meta.severity)?.urgency ?? 'high';
    const entry = meta.service ? await roster.get(meta.service) : undefined;
    const policy = entry?.escalationPolicyId ? await escalation.policy(entry.escalationPolicyId) : undefined;
    const onCall = policy ? await escalation.roles(policy, meta.createdAt) : null;
    await state.change(incidentId, actor, ({ maps, now, record }) => {
      maps.meta.set('nextUpdateDue', meta.createdAt + cadenceMs(defs, meta.severity));
      if (!entry) return;
      for (const role of ['primary', 'secondary'] as const) {
        // The policy's schedules say who is on call; where it has none for a role, the roster's fixed person is.
        const fixed = entry[role];
        const holder = onCall?.[role] ?? (fixed ? { id: fixed.userId, name: fixed.name } : null);
        if (!holder) continue;
        if (!maps.people.has(holder.id)) maps.people.set(holder.id, holder);
        maps.roles.set(role, { ...holder, since: now });
        record({ type: 'role.assigned', role, holder, source: onCall?.[role] ? 'schedule' : 'roster' });
      }
      for (const sme of entry.smes) {
        const added = { id: newId('sme'), name: sme.name, domain: sme.domain, userId: sme.userId ?? null, addedAt: now };
        maps.smes.set(added.id, added);
        record({ type: 'sme.added', sme: added });
      }
    });
    await this.seedChecklists(incidentId, defs);
    // The severity's urgency (issue 17): high pages and escalates, low pages once, none pages nobody.
    if (policy) {
      if (urgency !== 'none') await escalation.start(incidentId, actor, policy, urgency === 'high');
    } else {
      if (entry?.primary && urgency !== 'none') await this.page(incidentId, actor, { id: entry.primary.userId, name: entry.primary.name }, 'declared', null);
      if (urgency === 'high') await scheduler.schedule('escalation', incidentId, meta.createdAt + config.escalateAfterMs);
    }
    await scheduler.schedule('update-reminder', incidentId, meta.createdAt + cadenceMs(defs, meta.severity));
  }

  stop(): void {
    this.presenceWatch.stop();
  }

  /** After a role changed hands without its holder's say: they are told wherever they are. */
  async afterRoleTaken(incidentId: string, notice: Omit<RoleTakenNotice, 'incidentId' | 'title'> & { from: Person }): Promise<void> {
    const meta = await this.meta(incidentId);
    const { from, ...rest } = notice;
    this.deps.notifier()?.roleTaken(from.id, { incidentId, title: meta.title, ...rest });
  }

  async afterAcknowledge(incidentId: string, actor: Person): Promise<void> {
    await this.deps.scheduler.cancel('escalation', incidentId);
    await this.deps.escalation.stop(incidentId);
    await this.deps.state.change(incidentId, actor, ({ maps, now }) => {
      const pages = maps.pages.toArray();
      pages.forEach((p, i) => {
        if (p.acknowledgedAt !== null) return;
        maps.pages.delete(i, 1);
        maps.pages.insert(i, [{ ...p, acknowledgedAt: now }]);
      });
    });
  }

  /** After an update is published or severity changes: the next update is due one cadence later. */
  async afterUpdateOrSeverity(incidentId: string, actor: Person): Promise<void> {
    const due = await this.deps.state.change(incidentId, actor, ({ maps }) => {
      const meta = maps.meta.toJSON() as IncidentMeta;
      if (isResolved(meta)) return null;
      const last = maps.updates.length ? maps.updates.get(maps.updates.length - 1).at : meta.createdAt;
      const next = last + cadenceMs(definitionsOf(meta), meta.severity);
      maps.meta.set('nextUpdateDue', next);
      return next;
    });
    if (due !== null) await this.deps.scheduler.reschedule('update-reminder', incidentId, due);
  }

  async afterStatus(incidentId: string, actor: Person): Promise<void> {
    const meta = await this.meta(incidentId);
    if (isResolved(meta)) {
      await this.deps.scheduler.cancel('escalation', incidentId);
      await this.deps.escalation.stop(incidentId);
      await this.deps.scheduler.cancel('update-reminder', incidentId);
      await this.deps.state.change(incidentId, actor, ({ maps }) => maps.meta.set('nextUpdateDue', null));
    } else if (meta.nextUpdateDue === null) {
      await this.afterUpdateOrSeverity(incidentId, actor);
    }
  }

  /**
   * Pages one person: a record and an event on the timeline, their open tabs, the service's
   * webhooks. The person paged becomes a member; a private incident's webhooks, which post to
   * shared channels, carry no title (issue 13).
   */
  async page(incidentId: string, actor: Person, target: Person, reason: PageReason, domain: string | null): Promise<PageRecord> {
    const meta = await this.meta(incidentId);
    const page: PageRecord = { id: newId('page'), at: this.deps.now(), target, reason, domain, acknowledgedAt: null };
    await this.deps.state.change(incidentId, actor, ({ maps, record, admit }) => {
      maps.pages.push([page]);
      admit(target);
      record({ type: 'paged', target, reason, domain });
    });
    this.deps.notifier()?.page(target.id, { ...page, incidentId, title: meta.title, severity: meta.severity });
    // High-urgency severities follow the person's high-urgency rules (issue 18).
    const urgency = severityDefinition(definitionsOf(meta), meta.severity)?.urgency === 'high' ? 'high' : 'low';
    await this.deps.pager?.pagePerson(incidentId, target, page, urgency);
    const entry = meta.service ? await this.deps.roster.get(meta.service) : undefined;
    if (entry && (entry.webhooks.length || entry.slackWebhooks.length)) {
      const notification: PageNotification = {
        type: 'page',
        at: new Date(page.at).toISOString(),
        reason,
        domain,
        target,
        incident: {
          id: incidentId,
          title: meta.private ? PRIVATE_INCIDENT_TITLE : meta.title,
          private: meta.private === true,
          severity: meta.severity,
          status: meta.status,
          service: meta.service,
          url: `${this.deps.publicUrl}/incidents/${incidentId}`,
        },
      };
      await this.deps.webhooks.send(notification, { json: entry.webhooks, slack: entry.slackWebhooks });
    }
    return page;
  }

  private async onEscalationDue(incidentId: string): Promise<void> {
    const secondary = await this.deps.state.change(incidentId, AUTOMATION_USER, ({ maps, record }) => {
      const meta = maps.meta.toJSON() as IncidentMeta;
      if (meta.acknowledgedAt !== null || isResolved(meta)) return null;
      const primary = maps.roles.get('primary');
      const to = maps.roles.get('secondary');
      record({
        type: 'escalated',
        from: primary ? { id: primary.id, name: primary.name } : null,
        to: to ? { id: to.id, name: to.name } : null,
        afterMs: this.deps.config.escalateAfterMs,
      });
      return to ?? null;
    });
    if (secondary) await this.page(incidentId, AUTOMATION_USER, { id: secondary.id, name: secondary.name }, 'escalation', null);
  }

  private async onReminderDue(incidentId: string): Promise<void> {
    const meta = await this.meta(incidentId);
    if (isResolved(meta) || meta.nextUpdateDue === null) return;
    const to = await this.deps.state.change(incidentId, AUTOMATION_USER, ({ maps, record }) => {
      const holder = maps.roles.get('comms') ?? maps.roles.get('commander') ?? null;
      const person = holder ? { id: holder.id, name: holder.name } : null;
      record({ type: 'update.reminder', to: person, overdueSince: meta.nextUpdateDue! });
      return person;
    });
    if (to) this.deps.notifier()?.reminder(to.id, { incidentId, title: meta.title, overdueSince: meta.nextUpdateDue });
    // Keep reminding, once a cadence, until someone publishes.
    await this.deps.scheduler.schedule('update-reminder', incidentId, this.deps.now() + cadenceMs(definitionsOf(meta), meta.severity));
  }

  /** Each role's checklist of the incident's type (issue 17). */
  private async seedChecklists(incidentId: string, defs: IncidentDefinitions): Promise<void> {
    await this.deps.writes.run(async () => {
      const room = await this.deps.registry.get(responderDocName(incidentId));
      this.deps.registry.touch(room);
      const lists = responderRoots(room.doc).checklists;
      room.change(AUTOMATION_USER.id, () => {
        for (const role of defs.roles) {
          const texts = roleChecklist(defs, role.key);
          if (!texts.length) continue;
          const items = new Y.Array<Y.Map<unknown>>();
          items.push(texts.map((text) => checklistItem({ id: newId('chk'), text })));
          lists.set(role.key, items);
        }
      });
    });
  }

  private async meta(incidentId: string): Promise<IncidentMeta> {
    return (await this.deps.state.read(incidentId)).meta.toJSON() as IncidentMeta;
  }
}
