import type { Principal } from '../../shared/access.ts';
import { incidentRefusal } from '../../shared/access.ts';
import { isIncidentId } from '../../shared/incident.ts';
import { CommandError, requireAllowed } from '../commands/CommandError.ts';
import type { Incidents } from '../storage/incidents.ts';

/** Throws unless the principal may see (and, with `write`, act on) the incident. */
export async function assertIncidentAccess(principal: Principal, incidentId: string, incidents: Incidents, write: boolean): Promise<void> {
  if (!isIncidentId(incidentId) || !(await incidents.exists(incidentId))) throw new CommandError('not_found', `no incident ${incidentId}`);
  requireAllowed(incidentRefusal(principal, incidentId, write));
}
