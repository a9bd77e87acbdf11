/**
 * The command layer shared by socket.io and REST: validate, authorize, apply. Whatever the
 * transport, a refused command changes nothing and answers why.
 */
import { Command, describeZodError } from '../../shared/commands.ts';
import type { CommandReply, CommandResults } from '../../shared/commands.ts';
import type { Principal } from '../../shared/access.ts';
import { incidentRefusal, organisationRefusal } from '../../shared/access.ts';
import { CommandError, requireAllowed } from './CommandError.ts';
import { RoomLimitReached } from '../sync/RoomRegistry.ts';
import type { CommandContext, CommandServices } from './context.ts';
import { declareIncident } from './declare.ts';
import { claimRole, handOffRole, releaseRole } from './roles.ts';
import { addSme, pageSme, removeSme } from './smes.ts';
import { assignRole, takeOverRole } from './roleRescue.ts';
import { acknowledge, setPrivacy, setSeverity, setStatus, setTranscriptVisibility } from './incidentFields.ts';
import { addMember, removeMember } from './members.ts';
import { requireVisibleIncident } from './visibleIncident.ts';
import { publishUpdate } from './updates.ts';
import { addTranscriptEntry } from './transcript.ts';
import { setField } from './customFields.ts';
import { publishStatusUpdate, setStatusPage } from './statusPage.ts';

type Handlers = { [K in Command['type']]: (cmd: Extract<Command, { type: K }>, ctx: CommandContext) => Promise<CommandResults[K]> };

const HANDLERS: Handlers = {
  declare: declareIncident,
  claimRole,
  releaseRole,
  handOffRole,
  assignRole,
  takeOverRole,
  addSme,
  removeSme,
  pageSme,
  setSeverity,
  setStatus,
  setField,
  publishUpdate,
  acknowledge,
  setTranscriptVisibility,
  setPrivacy,
  addMember,
  removeMember,
  addTranscriptEntry,
  setStatusPage,
  publishStatusUpdate,
};

/** Where outcomes are counted (issue 16); the server always passes it. */

export async function executeCommand(input: unknown, principal: Principal, services: CommandServices): Promise<unknown> {
  const claimedType = typeof input === 'object' && input !== null ? (input as { type?: unknown }).type : undefined;
  try {
    const result = await dispatch(input, principal, services);
    services.metrics.command(claimedType, 'ok');
    return result;
  } catch (error) {
    services.metrics.command(claimedType, error instanceof CommandError ? error.code : 'error');
    // Refused writes are kept with who tried, for review after the incident.
    if (error instanceof CommandError && error.code === 'forbidden') {
      const type = typeof input === 'object' && input !== null ? String((input as { type?: unknown }).type).slice(0, 40) : 'unknown';
      await services.audit.record({ at: services.now(), userId: principal.userId, action: 'command.denied', target: type, detail: error.message });
    }
    throw error;
  }
}

async function dispatch(input: unknown, principal: Principal, services: CommandServices): Promise<unknown> {
  const parsed = Command.safeParse(input);
  if (!parsed.success) throw new CommandError('invalid', describeZodError(parsed.error));
  const cmd = parsed.data;
  if (cmd.type === 'declare') {
    requireAllowed(organisationRefusal(principal));
  } else {
    await requireVisibleIncident(principal, cmd.incidentId, services.incidents);
    requireAllowed(incidentRefusal(principal, cmd.incidentId, true));
  }
  // Every accepted command grows the state document's log: a person or link gets a rate, and
  // automation (alert storms arrive through the API token) only the document size limit.
  if (principal.access !== 'admin' && !services.commandRate.take(principal.tokenId ?? principal.sessionId ?? principal.userId)) {
    throw new CommandError('rate_limited', 'too many commands; wait a moment and try again');
  }
  const ctx: CommandContext = { ...services, principal, actor: { id: principal.userId, name: principal.name } };
  const handler = HANDLERS[cmd.type] as (c: Command, x: CommandContext) => Promise<unknown>;
  try {
    return await handler(cmd, ctx);
  } catch (error) {
    if (error instanceof RoomLimitReached) throw new CommandError('unavailable', 'the server has too many incidents open in memory; try again shortly');
    throw error;
  }
}

/** executeCommand as a reply object, for transports that answer rather than throw. */
export async function runCommand(input: unknown, principal: Principal, services: CommandServices): Promise<CommandReply> {
  try {
    return { ok: true, data: await executeCommand(input, principal, services) };
  } catch (error) {
    if (error instanceof CommandError) return { ok: false, error: error.toBody() };
    throw error;
  }
}
