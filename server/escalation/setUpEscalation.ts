/**
 * Escalation policies (issue 18) put together for the server: the runner IncidentLifecycle starts
 * (it registers the `policy-step` timers), the routes, and what the roster asks of policies.
 */
import type { Router } from 'express';
import type { Person } from '../../shared/incident.ts';
import type { ServicePolicies } from '../http/rosterRoutes.ts';
import type { Scheduler } from '../lifecycle/Scheduler.ts';
import { OnCall } from '../schedules/OnCall.ts';
import type { IncidentStateWriter } from '../state/IncidentStateWriter.ts';
import type { Roster } from '../storage/roster.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';
import type { Users } from '../storage/users.ts';
import { EscalationRunner } from './EscalationRunner.ts';
import type { EscalationRunnerDeps } from './EscalationRunner.ts';
import { onCallNowOf } from './policyPeople.ts';
import { escalationPolicyRoutes } from './policyRoutes.ts';
import type { PolicyRouteDeps } from './policyRoutes.ts';
import { PolicyStore } from './PolicyStore.ts';

export interface EscalationDeps {
  db: SqlDatabase;
  users: Users;
  roster: Roster;
  state: IncidentStateWriter;
  scheduler: Scheduler;
  page: EscalationRunnerDeps['page'];
  audit: PolicyRouteDeps['audit'];
  now: () => number;
}

export interface Escalation {
  runner: EscalationRunner;
  routes(): Router;
  forRoster: ServicePolicies;
}

export function setUpEscalation(deps: EscalationDeps): Escalation {
  const policies = new PolicyStore(deps.db);
  const onCall = new OnCall(deps.db);
  const sources = { onCall, users: deps.users };
  return {
    runner: new EscalationRunner({ ...sources, policies, state: deps.state, scheduler: deps.scheduler, page: deps.page, now: deps.now }),
    routes: () => escalationPolicyRoutes({ policies, schedules: onCall.store, users: deps.users, roster: deps.roster, audit: deps.audit, now: deps.now }),
    forRoster: {
      exists: async (policyId) => (await policies.get(policyId)) !== undefined,
      onCallNow: async (policyId): Promise<Person[] | null> => {
        const policy = await policies.get(policyId);
        return policy ? onCallNowOf(policy, sources, deps.now()) : null;
      },
    },
  };
}
