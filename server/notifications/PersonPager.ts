/**
 * Reaches a paged person by their notification rules (issue 18). The page itself (the record, the
 * `paged` event, the in-app push to their open tabs) is IncidentLifecycle's; this adds the rules:
 * each is a durable timer (`notification`, subject `<page id>/<rule>`) due `afterMinutes` after
 * the page, fired once in the cluster, which tries the rule's contact methods unless the incident
 * was acknowledged or resolved by then. Every attempt is a `notification` event on the timeline.
 * A channel that fails (or is not set up on this server) brings the next rule forward to now:
 * a page never stops silently at a dead address. Email goes by SMTP; SMS and voice (issue 19) by
 * Twilio, each through the outbox's channel of the method's type.
 *
 * A page without a room (issue 19) follows the same rules with its own bookkeeping (RoomlessRules):
 * its messages carry no incident, and how they ended is kept on its row.
 */
import type { Person } from '../../shared/incident.ts';
import type { PageRecord } from '../../shared/documents.ts';
import { effectiveRules, maskAddress } from '../../shared/notifications.ts';
import type { ContactMethodType, PageUrgency } from '../../shared/notifications.ts';
import { isResolved, readMeta } from '../../shared/stateDoc.ts';
import type { StateMaps } from '../../shared/stateDoc.ts';
import { AUTOMATION_USER } from '../auth/authenticator.ts';
import type { Scheduler } from '../lifecycle/Scheduler.ts';
import type { Logger } from '../logger.ts';
import type { OutboxMessage } from '../outbox/Outbox.ts';
import type { RoomlessPage, RoomlessPageStore } from '../roomlessPages/RoomlessPageStore.ts';
import type { IncidentStateWriter } from '../state/IncidentStateWriter.ts';
import type { NotificationSettings } from './NotificationSettings.ts';
import type { PagePlan, PagePlans } from './PagePlans.ts';
import type { EmailPayload } from './emailPayload.ts';
import { RoomlessRules } from './RoomlessRules.ts';
import { attemptsOf, redactAddresses, sendAttempts } from './ruleAttempts.ts';
import type { Delivers } from './ruleAttempts.ts';

export { NOT_SET_UP, redactAddresses } from './ruleAttempts.ts';

export const NOTIFICATION_TIMER = 'notification';
const MINUTE = 60_000;

const subjectOf = (pageId: string, step: number) => `${pageId}/${step}`;

function parseSubject(subject: string | null): { pageId: string; step: number } | null {
  const match = /^(.+)\/(\d{1,3})$/.exec(subject ?? '');
  return match ? { pageId: match[1]!, step: Number(match[2]) } : null;
}

/** Whether a page still needs its person: nobody acknowledged and it is not over. */
function stillPaging(maps: StateMaps): boolean {
  const meta = readMeta(maps);
  return meta !== null && meta.acknowledgedAt === null && !isResolved(meta);
}

/** What any channel's record of a page's message says: where it went, for which rule, and of which incident (null: a page without a room). */
export type PageMessage = Pick<Extract<EmailPayload, { kind: 'page' }>, 'to' | 'incidentId' | 'pageId' | 'step'>;

export interface PersonPagerDeps {
  settings: NotificationSettings;
  plans: PagePlans;
  state: IncidentStateWriter;
  scheduler: Pick<Scheduler, 'handle' | 'schedule' | 'bringForward' | 'watch'>;
  outbox: { enqueue(message: OutboxMessage): Promise<number> };
  /**
   * Which methods this server delivers: email with SMTP_URL (an email rule fails without it, and
   * says why), SMS and voice with Twilio's settings (skipped without them, saying why).
   */
  delivers: Delivers;
  /** Pages without a room (issue 19). */
  roomless: RoomlessPageStore;
  logger: Logger;
  now: () => number;
}

export class PersonPager {
  private readonly roomless: RoomlessRules;

  constructor(private readonly deps: PersonPagerDeps) {
    deps.scheduler.handle(NOTIFICATION_TIMER, (incidentId, subject) => this.onRuleDue(incidentId, subject));
    this.roomless = new RoomlessRules({ ...deps, store: deps.roomless, atomically: (fn) => deps.state.atomically(fn) });
    deps.scheduler.watch((now) => this.roomless.check(now));
  }

  /** Starts the low-urgency rules of a page without a room that was just recorded (issue 19), inside the caller's transaction. */
  pageWithoutRoom(page: RoomlessPage, target: Person): Promise<void> {
    return this.roomless.start(page, target);
  }

  /**
   * Starts the person's rules for a page that IncidentLifecycle.page() has just recorded (and
   * pushed to their open tabs). A person with no rules gets their first email address at once.
   */
  async pagePerson(incidentId: string, target: Person, page: PageRecord, urgency: PageUrgency): Promise<void> {
    const { settings, plans, state, scheduler } = this.deps;
    const steps = effectiveRules(await settings.rules(target.id), await settings.methods(target.id), urgency);
    // Someone with no contact method is reached in their tabs only, as before there were rules:
    // the `paged` event says so, and a team that sets up no email sees no new events.
    if (steps.length === 0) return;
    await state.atomically(async () => {
      await plans.add({ pageId: page.id, incidentId, target, steps, createdAt: page.at });
      for (const [i, step] of steps.entries()) await scheduler.schedule(NOTIFICATION_TIMER, incidentId, page.at + step.afterMinutes * MINUTE, subjectOf(page.id, i));
    });
  }

  /** How a page's email, text or call ended (its channel calls this once per message): on the timeline, and a failure falls through. */
  async afterMessage(method: ContactMethodType, payload: PageMessage, outcome: { sent: boolean; error: string | null }): Promise<void> {
    if (payload.incidentId === null) return this.roomless.afterMessage(method, payload, outcome);
    const plan = await this.deps.plans.get(payload.pageId);
    if (!plan) return;
    await this.deps.state.atomically(async () => {
      await this.deps.state.change(plan.incidentId, AUTOMATION_USER, ({ record }) =>
        record({
          type: 'notification',
          target: plan.target,
          pageId: plan.pageId,
          step: payload.step,
          method,
          address: maskAddress(method, payload.to),
          outcome: outcome.sent ? 'sent' : 'failed',
          detail: outcome.error === null ? null : redactAddresses(outcome.error),
        }),
      );
      if (!outcome.sent) await this.fallThrough(plan, payload.step);
    });
  }

  /** A rule fell due, inside the transaction that claimed its timer. */
  private async onRuleDue(incidentId: string, subject: string | null): Promise<void> {
    const due = parseSubject(subject);
    const plan = due ? await this.deps.plans.get(due.pageId) : undefined;
    const step = due && plan?.steps[due.step];
    if (!due || !plan || !step) return;
    const attempts = attemptsOf(step.contactMethodIds, await this.deps.settings.methods(plan.target.id), this.deps.delivers);
    const going = await this.deps.state.change(incidentId, AUTOMATION_USER, ({ maps, record }) => {
      if (!stillPaging(maps)) return false;
      for (const a of attempts) {
        record({
          type: 'notification',
          target: plan.target,
          pageId: plan.pageId,
          step: due.step,
          method: a.method?.type ?? null,
          address: a.method ? maskAddress(a.method.type, a.method.address) : null,
          outcome: a.outcome,
          detail: a.detail,
        });
      }
      return true;
    });
    if (!going) return;
    await sendAttempts(this.deps.outbox, attempts, { incidentId, pageId: plan.pageId, step: due.step });
    if (attempts.some((a) => a.outcome !== 'queued')) await this.fallThrough(plan, due.step);
  }

  /** The next rule at once, if it has not fired yet. */
  private async fallThrough(plan: PagePlan, step: number): Promise<void> {
    if (step + 1 >= plan.steps.length) return;
    await this.deps.scheduler.bringForward(NOTIFICATION_TIMER, plan.incidentId, subjectOf(plan.pageId, step + 1), this.deps.now());
  }
}
