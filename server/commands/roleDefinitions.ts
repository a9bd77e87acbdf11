import type { ModelRole } from '../../shared/incidentModel.ts';
import { roleDefinition } from '../../shared/incidentModel.ts';
import type { IncidentMeta } from '../../shared/documents.ts';
import type { StateMaps } from '../../shared/stateDoc.ts';
import { definitionsOf } from '../../shared/stateDoc.ts';
import { CommandError } from './CommandError.ts';

/** The role as the incident defines it (issue 17); an unknown key is refused naming the ones there are. */
export function requireRole(maps: StateMaps, role: string): ModelRole {
  const defs = definitionsOf(maps.meta.toJSON() as IncidentMeta);
  const found = roleDefinition(defs, role);
  if (!found) {
    throw new CommandError('invalid', `unknown role ${JSON.stringify(role)}: expected one of ${defs.roles.map((r) => r.key).join(', ')} (SMEs are added with addSme)`);
  }
  return found;
}
