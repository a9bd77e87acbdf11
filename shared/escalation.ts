/**
 * Escalation policies (issue 18): who is paged, in which order, until someone acknowledges.
 *
 * A policy is ordered steps. Declaring an incident for a service that names a policy pages every
 * target of step 1 at once; each step then waits `delayMinutes` for an acknowledgement before the
 * next step pages its targets. A schedule target pages whoever is on call in that schedule at the
 * moment the step runs (not when the incident began); a user target pages that person. After the
 * last step (and its wait) the whole policy runs again, `repeat` more times at most. An
 * acknowledgement or resolution stops it. The severity's urgency decides how much runs: high the
 * whole policy, low step 1 only, none nothing.
 *
 * A service's primary and secondary roles are filled from the on-call people of the policy's first
 * two schedules (in step order), and the lobby's "on call now" reads the schedules of step 1.
 */
import { z } from 'zod';
import { Limits } from './limits.ts';
import type { SchedulePerson } from './schedules.ts';

/** Bounds that keep a policy small enough to read and every step's paging quick. */
export const EscalationLimits = {
  steps: 10,
  targetsPerStep: 10,
  maxRepeat: 5,
  /** A day: a longer wait is no escalation. */
  maxDelayMinutes: 24 * 60,
  policies: 500,
} as const;

const name = z.string().trim().min(1, 'must not be empty').max(Limits.nameLength);
const id = z.string().trim().min(1, 'must not be empty').max(Limits.idLength);

export const EscalationTarget = z.discriminatedUnion(
  'type',
  [z.strictObject({ type: z.literal('schedule'), scheduleId: id }), z.strictObject({ type: z.literal('user'), userId: id })],
  { error: 'type must be "schedule" or "user"' },
);
export type EscalationTarget = z.infer<typeof EscalationTarget>;

export const EscalationStep = z.strictObject({
  /** How long this step waits for an acknowledgement before the next one pages. */
  delayMinutes: z.number().int('must be a whole number of minutes').min(1, 'must be at least 1').max(EscalationLimits.maxDelayMinutes),
  targets: z
    .array(EscalationTarget)
    .min(1, 'must name at least one schedule or person')
    .max(EscalationLimits.targetsPerStep, `may name at most ${EscalationLimits.targetsPerStep} targets`),
});
export type EscalationStep = z.infer<typeof EscalationStep>;

export const EscalationPolicyInput = z.strictObject({
  name,
  steps: z.array(EscalationStep).min(1, 'must have at least one step').max(EscalationLimits.steps, `may have at most ${EscalationLimits.steps} steps`),
  /** How many times the whole policy runs again after its last step. */
  repeat: z.number().int().min(0).max(EscalationLimits.maxRepeat).default(0),
});
export type EscalationPolicyInput = z.infer<typeof EscalationPolicyInput>;

// Answers: targets carry the name of what they point at, for people to read.

export type EscalationTargetView =
  | { type: 'schedule'; scheduleId: string; name: string | null }
  | { type: 'user'; userId: string; name: string | null };

export interface EscalationPolicyView {
  id: string;
  name: string;
  steps: Array<{ delayMinutes: number; targets: EscalationTargetView[] }>;
  repeat: number;
  /** The services that name this policy. */
  services: string[];
  createdAt: string;
  updatedAt: string;
}

/** Who is on call now for a service with a policy: the people of its first step's schedules. */
export type OnCallNow = SchedulePerson[];
