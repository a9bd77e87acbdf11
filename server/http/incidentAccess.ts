import type { Principal } from '../../shared/access.ts';
import { isIncidentId } from '../../shared/incident.ts';
import { CommandError } from '../commands/CommandError.ts';
import type { Incidents } from '../storage/incidents.ts';

/** Throws unless the principal may see (and, with `write`, act on) the incident. */
export async function assertIncidentAccess(principal: Principal, incidentId: string, incidents: Incidents, write: boolean): Promise<void> {
  if (!isIncidentId(incidentId) || !(await incidents.exists(incidentId))) throw new CommandError('not_found', `no incident ${incidentId}`);
  if (principal.incidentId !== null && principal.incidentId !== incidentId) {
    throw new CommandError('forbidden', 'this token is for another incident');
  }
  if (write && principal.access === 'stakeholder') throw new CommandError('forbidden', 'stakeholder links are read-only');
}
