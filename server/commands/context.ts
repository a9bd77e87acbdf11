import type { Principal } from '../../shared/access.ts';
import type { Person } from '../../shared/incident.ts';
import type { Incidents } from '../storage/incidents.ts';
import type { Users } from '../storage/users.ts';
import type { AuditTrail } from '../storage/audit.ts';
import type { IncidentLifecycle } from '../lifecycle/IncidentLifecycle.ts';
import type { IncidentStateWriter } from '../state/IncidentStateWriter.ts';

/** Everything a command handler may use; built once per server, with the caller per call. */
export interface CommandServices {
  state: IncidentStateWriter;
  incidents: Incidents;
  users: Users;
  audit: AuditTrail;
  lifecycle: IncidentLifecycle;
  now: () => number;
  /** Called after an incident stops sharing its transcript, to close stakeholders' views of it. */
  onTranscriptHidden: (incidentId: string) => void;
}

export interface CommandContext extends CommandServices {
  principal: Principal;
  actor: Person;
}
