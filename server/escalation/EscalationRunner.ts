/**
 * Runs an escalation policy for an incident (issue 18). Step 1 pages at once; each later step is a
 * durable timer (`policy-step`, one pending per incident), fired once in the cluster, that pages
 * its targets unless the incident was acknowledged or resolved by then, records the escalation,
 * and arms the next step: after the last step the policy starts over, `repeat` times at most.
 *
 * A timer names the policy it belongs to and reads it when it fires: an edit to a policy reaches
 * the incidents already escalating through it, and a step removed since is where it stops.
 */
import type { Person } from '../../shared/incident.ts';
import type { PageReason } from '../../shared/documents.ts';
import { isResolved, readMeta } from '../../shared/stateDoc.ts';
import { AUTOMATION_USER } from '../auth/authenticator.ts';
import type { Scheduler } from '../lifecycle/Scheduler.ts';
import type { IncidentStateWriter } from '../state/IncidentStateWriter.ts';
import { peopleOf, rolesOf } from './policyPeople.ts';
import type { PeopleSources } from './policyPeople.ts';
import type { PolicyRecord, PolicyStore } from './PolicyStore.ts';

export const POLICY_STEP_TIMER = 'policy-step';
const MINUTE = 60_000;

/** Where a policy is: which run (0 is the first, then each repeat) and which step of it. */
interface Position {
  round: number;
  step: number;
}

const subjectOf = (policyId: string, at: Position) => `${policyId}/${at.round}:${at.step}`;

function parseSubject(subject: string | null): (Position & { policyId: string }) | null {
  const match = /^(.+)\/(\d{1,2}):(\d{1,2})$/.exec(subject ?? '');
  return match ? { policyId: match[1]!, round: Number(match[2]), step: Number(match[3]) } : null;
}

/** The step after `at`, or null once the last step of the last run has paged. */
function nextOf(policy: PolicyRecord, at: Position): Position | null {
  if (at.step + 1 < policy.steps.length) return { round: at.round, step: at.step + 1 };
  return at.round < policy.repeat ? { round: at.round + 1, step: 0 } : null;
}

/** The step that ran before `at` (the last one, for the first step of a repeat). */
function previousOf(policy: PolicyRecord, at: Position): number {
  return at.step > 0 ? at.step - 1 : policy.steps.length - 1;
}

export interface EscalationRunnerDeps extends PeopleSources {
  policies: PolicyStore;
  state: IncidentStateWriter;
  scheduler: Pick<Scheduler, 'handle' | 'schedule' | 'cancel'>;
  /** IncidentLifecycle.page: the record and event, the person's tabs and rules, the service's webhooks. */
  page: (incidentId: string, actor: Person, target: Person, reason: PageReason, domain: string | null) => Promise<unknown>;
  now: () => number;
}

export class EscalationRunner {
  constructor(private readonly deps: EscalationRunnerDeps) {
    deps.scheduler.handle(POLICY_STEP_TIMER, (incidentId, subject) => this.onStepDue(incidentId, subject));
  }

  policy(id: string): Promise<PolicyRecord | undefined> {
    return this.deps.policies.get(id);
  }

  /** Who fills primary and secondary when an incident is declared at `at`. */
  roles(policy: PolicyRecord, at: number): Promise<{ primary: Person | null; secondary: Person | null }> {
    return rolesOf(policy, this.deps, at);
  }

  /** Pages step 1 now; with `escalates` (a high-urgency severity), the later steps follow while nobody acknowledges. */
  async start(incidentId: string, actor: Person, policy: PolicyRecord, escalates: boolean): Promise<void> {
    const at = this.deps.now();
    for (const person of await peopleOf(policy.steps[0]!.targets, this.deps, at)) {
      await this.deps.page(incidentId, actor, person, 'declared', null);
    }
    if (escalates) await this.armNext(incidentId, policy, { round: 0, step: 0 }, at);
  }

  /** After an acknowledgement or resolution: no further step. */
  async stop(incidentId: string): Promise<void> {
    await this.deps.scheduler.cancel(POLICY_STEP_TIMER, incidentId);
  }

  /** A step fell due, inside the transaction that claimed its timer. */
  private async onStepDue(incidentId: string, subject: string | null): Promise<void> {
    const due = parseSubject(subject);
    const policy = due ? await this.deps.policies.get(due.policyId) : undefined;
    const step = due && policy?.steps[due.step];
    if (!due || !policy || !step) return;
    const at = this.deps.now();
    const people = await peopleOf(step.targets, this.deps, at);
    const waitedMs = policy.steps[previousOf(policy, due)]!.delayMinutes * MINUTE;
    const going = await this.deps.state.change(incidentId, AUTOMATION_USER, ({ maps, record }) => {
      const meta = readMeta(maps);
      if (!meta || meta.acknowledgedAt !== null || isResolved(meta)) return false;
      // The last person paged for the incident (not an expert called in) is who did not answer.
      const last = maps.pages.toArray().findLast((p) => p.reason !== 'sme');
      record({ type: 'escalated', from: last?.target ?? null, to: people[0] ?? null, afterMs: waitedMs });
      return true;
    });
    if (!going) return;
    for (const person of people) await this.deps.page(incidentId, AUTOMATION_USER, person, 'escalation', null);
    await this.armNext(incidentId, policy, due, at);
  }

  /**
   * The next step waits from `pagedAt`, when this step began paging: a step that fired late (its
   * node was down) still gives its people the whole wait.
   */
  private async armNext(incidentId: string, policy: PolicyRecord, from: Position, pagedAt: number): Promise<void> {
    const next = nextOf(policy, from);
    if (!next) return;
    const dueAt = pagedAt + policy.steps[from.step]!.delayMinutes * MINUTE;
    await this.deps.scheduler.schedule(POLICY_STEP_TIMER, incidentId, dueAt, subjectOf(policy.id, next));
  }
}
