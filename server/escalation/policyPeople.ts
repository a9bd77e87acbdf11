/**
 * Who a policy's targets reach at one instant. Schedules are asked at the moment a step runs, so
 * a hand-off or an override made while an incident is open decides who a later step pages.
 */
import type { Person } from '../../shared/incident.ts';
import type { EscalationTarget } from '../../shared/escalation.ts';
import type { OnCall } from '../schedules/OnCall.ts';
import type { Users } from '../storage/users.ts';
import type { PolicyRecord } from './PolicyStore.ts';

export interface PeopleSources {
  onCall: Pick<OnCall, 'onCallNow'>;
  users: Pick<Users, 'person'>;
}

/**
 * The people `targets` reach at `at`, each once, in target order. A schedule removed since, a gap
 * in a schedule and a deactivated person reach nobody.
 */
export async function peopleOf(targets: readonly EscalationTarget[], sources: PeopleSources, at: number): Promise<Person[]> {
  const people = new Map<string, Person>();
  for (const target of targets) {
    const reached: Person[] = [];
    if (target.type === 'schedule') {
      reached.push(...((await sources.onCall.onCallNow(target.scheduleId, at)) ?? []));
    } else {
      const person = await sources.users.person(target.userId);
      if (person && person.deactivatedAt === null) reached.push(person);
    }
    for (const p of reached) if (!people.has(p.id)) people.set(p.id, { id: p.id, name: p.name });
  }
  return [...people.values()];
}

/** The policy's distinct schedules, in step order. */
export function schedulesOf(policy: PolicyRecord, steps = policy.steps): string[] {
  const ids = steps.flatMap((s) => s.targets.flatMap((t) => (t.type === 'schedule' ? [t.scheduleId] : [])));
  return [...new Set(ids)];
}

/** Primary and secondary: the on-call people of the policy's first and second schedules at `at`. */
export async function rolesOf(policy: PolicyRecord, sources: PeopleSources, at: number): Promise<{ primary: Person | null; secondary: Person | null }> {
  const [first, second] = schedulesOf(policy);
  const onCallOf = async (scheduleId: string | undefined) => (scheduleId ? ((await peopleOf([{ type: 'schedule', scheduleId }], sources, at))[0] ?? null) : null);
  return { primary: await onCallOf(first), secondary: await onCallOf(second) };
}

/** "On call now" for the lobby: whoever the schedules of step 1 have on call at `at`. */
export function onCallNowOf(policy: PolicyRecord, sources: PeopleSources, at: number): Promise<Person[]> {
  return peopleOf(
    schedulesOf(policy, policy.steps.slice(0, 1)).map((scheduleId) => ({ type: 'schedule' as const, scheduleId })),
    sources,
    at,
  );
}
