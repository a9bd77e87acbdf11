/**
 * A model change never breaks an incident (issue 17). Incidents keep the definitions they were
 * declared with, but a team removing a severity, status, type or field that open incidents
 * still use would strand them: the lobby, the declare form and the alert mapping would no longer
 * know it. So the server refuses to start with such a model, naming the incidents; resolve them
 * first, or keep the definition.
 */
import type { IncidentModel } from '../../shared/incidentModel.ts';
import { ConfigError } from '../configError.ts';
import type { Incidents } from '../storage/incidents.ts';

export async function refuseModelBreakingOpenIncidents(model: IncidentModel, incidents: Incidents): Promise<void> {
  const has = (list: Array<{ key: string }>, key: string) => list.some((d) => d.key === key);
  const problems: string[] = [];
  for (const open of await incidents.openUses()) {
    const missing = [
      ...(has(model.severities, open.severity) ? [] : [`severity "${open.severity}"`]),
      ...(has(model.statuses, open.status) ? [] : [`status "${open.status}"`]),
      ...(has(model.types, open.type) ? [] : [`type "${open.type}"`]),
      ...open.fields.filter((f) => !has(model.fields, f)).map((f) => `field "${f}"`),
    ];
    if (missing.length) problems.push(`${open.id} uses ${missing.join(', ')}`);
  }
  if (problems.length) {
    const shown = problems.slice(0, 10).join('; ') + (problems.length > 10 ? `; and ${problems.length - 10} more` : '');
    throw new ConfigError(`Invalid configuration: INCIDENT_MODEL_FILE removes what open incidents use (resolve them first, or keep it): ${shown}`);
  }
}
