/**
 * A page without a room (issue 19) follows its person's low-urgency rules, as an incident's page
 * does, with its own bookkeeping: it has no timeline and no timers (those belong to an incident),
 * so its steps are fixed on its row, the next one falls due at the row's `next_due_at`, which
 * every node's timer poll looks at (Scheduler.watch), and each attempt is kept on the row.
 * Claiming a step moves the row on, so a step fires once in a cluster; a page acknowledged,
 * resolved at its source or promoted to an incident stops at its next step. A channel that fails
 * brings the next rule forward to now, as for an incident.
 */
import type { Person } from '../../shared/incident.ts';
import { effectiveRules, maskAddress } from '../../shared/notifications.ts';
import type { ContactMethodType } from '../../shared/notifications.ts';
import type { NotificationAttempt } from '../../shared/pages.ts';
import type { Logger } from '../logger.ts';
import type { OutboxMessage } from '../outbox/Outbox.ts';
import type { RoomlessPage, RoomlessPageStore } from '../roomlessPages/RoomlessPageStore.ts';
import { ThrottledLog } from '../throttledLog.ts';
import type { NotificationSettings } from './NotificationSettings.ts';
import { attemptsOf, redactAddresses, sendAttempts } from './ruleAttempts.ts';
import type { Attempt, Delivers } from './ruleAttempts.ts';

const MINUTE = 60_000;

export interface RoomlessRulesDeps {
  store: RoomlessPageStore;
  settings: NotificationSettings;
  outbox: { enqueue(message: OutboxMessage): Promise<number> };
  delivers: Delivers;
  /** One transaction: claiming a step, recording it and queuing its messages commit together. */
  atomically: <T>(fn: () => Promise<T>) => Promise<T>;
  logger: Logger;
  now: () => number;
}

export class RoomlessRules {
  private readonly failures: ThrottledLog;

  constructor(private readonly deps: RoomlessRulesDeps) {
    this.failures = new ThrottledLog(deps.logger, 6, deps.now);
  }

  /**
   * Fixes the person's low-urgency rules on the page and runs the first at once when it is due
   * now, inside the caller's transaction. Someone with no contact method is reached in their tabs only.
   */
  async start(page: RoomlessPage, target: Person): Promise<void> {
    const { settings, store } = this.deps;
    const steps = effectiveRules(await settings.rules(target.id), await settings.methods(target.id), 'low');
    if (steps.length === 0) return;
    const firstDueAt = page.createdAt + steps[0]!.afterMinutes * MINUTE;
    await store.startRules(page.id, steps, firstDueAt);
    if (firstDueAt <= this.deps.now()) await this.fire(page.id);
  }

  /** Each poll (Scheduler.watch): the steps that fell due. A failure is logged and retried at the next poll. */
  async check(now: number): Promise<void> {
    let due: RoomlessPage[];
    try {
      due = await this.deps.store.due(now);
    } catch (error) {
      this.failures.warn({ err: error }, 'could not look for due rules of pages without a room');
      return;
    }
    for (const page of due) {
      try {
        await this.deps.atomically(() => this.fire(page.id));
      } catch (error) {
        this.failures.warn({ err: error, pageId: page.id }, 'a rule of a page without a room failed; retrying at the next poll');
      }
    }
  }

  /** How a page's email, text or call ended (its channel calls this once per message). */
  async afterMessage(method: ContactMethodType, message: { to: string; pageId: string; step: number }, outcome: { sent: boolean; error: string | null }): Promise<void> {
    const { store, now } = this.deps;
    const at = now();
    await this.deps.atomically(async () => {
      await store.addAttempts(message.pageId, [
        { at, step: message.step, method, address: maskAddress(method, message.to), outcome: outcome.sent ? 'sent' : 'failed', detail: outcome.error === null ? null : redactAddresses(outcome.error) },
      ]);
      if (!outcome.sent) await store.bringForward(message.pageId, message.step, at);
    });
  }

  /** Runs the page's next step if it is still open and due, inside the caller's transaction. */
  private async fire(pageId: string): Promise<void> {
    const { store, settings, now } = this.deps;
    const page = await store.getLocked(pageId);
    const step = page?.steps[page.nextStep];
    if (!page || !step || !page.target || page.status !== 'open') return;
    const at = now();
    const attempts = attemptsOf(step.contactMethodIds, await settings.methods(page.target.id), this.deps.delivers);
    const later = page.steps[page.nextStep + 1];
    // A method that could not be tried brings the next rule forward to now.
    const failed = attempts.some((a) => a.outcome !== 'queued');
    const nextDueAt = later ? (failed ? at : Math.max(at, page.createdAt + later.afterMinutes * MINUTE)) : null;
    if (!(await store.claimStep(page.id, page.nextStep, at, nextDueAt))) return;
    await store.addAttempts(page.id, attempts.map((a) => recorded(a, page.nextStep, at)));
    await sendAttempts(this.deps.outbox, attempts, { incidentId: null, pageId: page.id, step: page.nextStep });
  }
}

function recorded(a: Attempt, step: number, at: number): NotificationAttempt {
  return { at, step, method: a.method?.type ?? null, address: a.method ? maskAddress(a.method.type, a.method.address) : null, outcome: a.outcome, detail: a.detail };
}
