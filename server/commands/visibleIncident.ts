/**
 * The server's side of the visibility rule (shared/access.ts, incidentVisible; issue 13): reads
 * what the rule needs from storage and asks it. Every door (REST, socket.io, the Yjs endpoint, the
 * command layer, lists and metrics) comes through here, so none re-spells who sees what.
 */
import type { IncidentAudience, Principal } from '../../shared/access.ts';
import { incidentVisible, seesEveryIncident } from '../../shared/access.ts';
import type { IncidentSummary } from '../../shared/incident.ts';
import { isIncidentId, unknownIncidentMessage } from '../../shared/incident.ts';
import type { Incidents } from '../storage/incidents.ts';
import { CommandError } from './CommandError.ts';

/** The principal's own membership, as a set-like the access module reads. */
const membershipOf = (p: Principal, member: boolean) => ({ has: (userId: string) => member && userId === p.userId });

/** The incident as the access module sees it, for this principal; undefined when there is none. */
export async function audienceFor(p: Principal, incidentId: string, incidents: Incidents): Promise<IncidentAudience | undefined> {
  if (!isIncidentId(incidentId)) return undefined;
  const found = await incidents.audience(incidentId, p.userId);
  return found && { id: incidentId, private: found.private, members: membershipOf(p, found.member) };
}

export async function canSeeIncident(p: Principal, incidentId: string, incidents: Incidents): Promise<boolean> {
  const audience = await audienceFor(p, incidentId, incidents);
  return audience !== undefined && incidentVisible(p, audience);
}

/** The same not_found for an unknown id and for a private incident the principal is not in. */
export function unknownIncident(incidentId: string): CommandError {
  return new CommandError('not_found', unknownIncidentMessage(incidentId));
}

export async function requireVisibleIncident(p: Principal, incidentId: string, incidents: Incidents): Promise<IncidentAudience> {
  const audience = await audienceFor(p, incidentId, incidents);
  if (!audience || !incidentVisible(p, audience)) throw unknownIncident(incidentId);
  return audience;
}

/** The newest incidents the principal sees (for sessions and admins; links see their own incident). */
export async function visibleIncidents(p: Principal, incidents: Incidents, limit?: number): Promise<IncidentSummary[]> {
  const rows = await incidents.listFor({ userId: p.userId, everything: seesEveryIncident(p) }, limit);
  return rows
    .filter(({ summary, member }) => incidentVisible(p, { id: summary.id, private: summary.private, members: membershipOf(p, member) }))
    .map((r) => r.summary);
}
