/**
 * The on-call roster over REST: per service, primary and secondary, SMEs by domain, where pages
 * go, and the escalation policy that pages instead (issue 18). Saving sends the whole roster of
 * one service; the server validates it and answers 400 with the reason (shown as is) when
 * something is wrong.
 */
import type { Person } from '../../../shared/incident.ts';
import type { ServiceListing, ServiceRoster } from '../../../shared/roster.ts';
import type { EscalationPolicyView } from '../../../shared/escalation.ts';
import { ApiError, apiRequest, errorMessage } from './http.ts';
import { useFetched } from './useFetched.ts';

/** With a policy, the listing says who is on call now, as of the request. */
export type ServiceEntry = ServiceListing;
export type { EscalationPolicyView, ServiceRoster };

/** What PUT /api/services/<service> takes: `z.input` of the shared schema (SME userId optional). */
export interface RosterBody {
  primary: { userId: string; name: string } | null;
  secondary: { userId: string; name: string } | null;
  smes: Array<{ name: string; domain: string; userId?: string }>;
  webhooks: string[];
  slackWebhooks: string[];
  escalationPolicyId: string | null;
}

export function useServices() {
  const fetched = useFetched<{ services: ServiceEntry[] }>('/api/services');
  return { ...fetched, services: fetched.data?.services ?? [] };
}

export function useEscalationPolicies() {
  const fetched = useFetched<{ policies: EscalationPolicyView[] }>('/api/escalation-policies');
  return { ...fetched, policies: fetched.data?.policies ?? [] };
}

/** The server's own user (automation, alert intake) is never someone to put on call. */
const AUTOMATION_USER_ID = 'u-automation';

export function useUsers() {
  const fetched = useFetched<{ users: Person[] }>('/api/users');
  return { ...fetched, users: (fetched.data?.users ?? []).filter((u) => u.id !== AUTOMATION_USER_ID) };
}

export function saveService(service: string, body: RosterBody): Promise<ServiceEntry> {
  return apiRequest<ServiceEntry>('PUT', `/api/services/${encodeURIComponent(service)}`, body);
}

export function removeService(service: string): Promise<void> {
  return apiRequest<void>('DELETE', `/api/services/${encodeURIComponent(service)}`);
}

/**
 * Null when `service` can be put on the roster, else why not, in the server's words. The server
 * owns the naming rule (shared/roster.ts, next to zod, which the client does not bundle).
 */
export async function checkServiceName(service: string): Promise<string | null> {
  try {
    await apiRequest('GET', `/api/services/${encodeURIComponent(service)}`);
    return null;
  } catch (e) {
    return e instanceof ApiError && e.status === 404 ? null : errorMessage(e);
  }
}
