import type { Principal } from '../../shared/access.ts';
import type { Person } from '../../shared/incident.ts';
import type { Incidents } from '../storage/incidents.ts';
import type { IncidentMembers } from '../storage/incidentMembers.ts';
import type { Users } from '../storage/users.ts';
import type { AuditRecorder } from '../audit/AuditRecorder.ts';
import type { IncidentLifecycle } from '../lifecycle/IncidentLifecycle.ts';
import type { IncidentStateWriter } from '../state/IncidentStateWriter.ts';
import type { TranscriptWriter } from '../state/TranscriptWriter.ts';
import type { KeyedRateLimiter } from '../limits/KeyedRateLimiter.ts';
import type { ServerMetrics } from '../metrics/ServerMetrics.ts';
import type { LoadedModel } from '../model/modelFile.ts';

/** Everything a command handler may use; built once per server, with the caller per call. */
export interface CommandServices {
  state: IncidentStateWriter;
  /** Transcript entries written on a person's behalf (chat doors). */
  transcript: TranscriptWriter;
  incidents: Incidents;
  members: IncidentMembers;
  users: Users;
  audit: AuditRecorder;
  lifecycle: IncidentLifecycle;
  /** The incident model new incidents are declared with (issue 17). */
  model: LoadedModel;
  now: () => number;
  /** Commands per principal (the API token is exempt): COMMANDS_PER_MINUTE. */
  commandRate: KeyedRateLimiter;
  /** Where command outcomes are counted (issue 16). */
  metrics: Pick<ServerMetrics, 'command'>;
  /** Called after an incident stops sharing its transcript, to close stakeholders' views of it. */
  onTranscriptHidden: (incidentId: string) => void;
  /** Called after fewer people may see an incident (made private, a member removed), to close the others' connections. */
  onAudienceNarrowed: (incidentId: string) => void;
}

export interface CommandContext extends CommandServices {
  principal: Principal;
  actor: Person;
}
