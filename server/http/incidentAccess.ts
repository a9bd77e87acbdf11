import type { Principal } from '../../shared/access.ts';
import { incidentRefusal } from '../../shared/access.ts';
import { requireAllowed } from '../commands/CommandError.ts';
import { requireVisibleIncident } from '../commands/visibleIncident.ts';
import type { Incidents } from '../storage/incidents.ts';

/**
 * Throws unless the principal may see (and, with `write`, act on) the incident. One it may not
 * see answers as one that does not exist (issue 13).
 */
export async function assertIncidentAccess(principal: Principal, incidentId: string, incidents: Incidents, write: boolean): Promise<void> {
  await requireVisibleIncident(principal, incidentId, incidents);
  requireAllowed(incidentRefusal(principal, incidentId, write));
}
