/**
 * Severity, status, acknowledgement and transcript visibility. While a commander is named,
 * only the commander changes severity, status and visibility: they coordinate. Without one,
 * any responder may, so a fresh incident is never stuck.
 */
import type { z } from 'zod';
import type { Acknowledge, CommandResults, SetSeverity, SetStatus, SetTranscriptVisibility } from '../../shared/commands.ts';
import type { IncidentMeta } from '../../shared/documents.ts';
import { CommandError } from './CommandError.ts';
import type { CommandContext } from './context.ts';

function requireCommanderOrNone(incidentId: string, ctx: CommandContext, what: string): IncidentMeta {
  const maps = ctx.state.read(incidentId);
  const commander = maps.roles.get('commander');
  if (commander && commander.id !== ctx.actor.id && ctx.principal.access !== 'admin') {
    throw new CommandError('forbidden', `${commander.name} is incident commander; only they change the ${what}`, commander);
  }
  return maps.meta.toJSON() as IncidentMeta;
}

export function setSeverity(cmd: z.infer<typeof SetSeverity>, ctx: CommandContext): CommandResults['setSeverity'] {
  const meta = requireCommanderOrNone(cmd.incidentId, ctx, 'severity');
  if (meta.severity === cmd.severity) return { severity: cmd.severity };
  ctx.state.change(cmd.incidentId, ctx.actor, ({ maps, record }) => {
    maps.meta.set('severity', cmd.severity);
    record({ type: 'severity.changed', from: meta.severity, to: cmd.severity });
  });
  ctx.lifecycle.afterUpdateOrSeverity(cmd.incidentId, ctx.actor);
  return { severity: cmd.severity };
}

export function setStatus(cmd: z.infer<typeof SetStatus>, ctx: CommandContext): CommandResults['setStatus'] {
  const meta = requireCommanderOrNone(cmd.incidentId, ctx, 'status');
  if (meta.status === cmd.status) return { status: cmd.status };
  ctx.state.change(cmd.incidentId, ctx.actor, ({ maps, now, record }) => {
    maps.meta.set('status', cmd.status);
    maps.meta.set('resolvedAt', cmd.status === 'resolved' ? now : null);
    record({ type: 'status.changed', from: meta.status, to: cmd.status });
  });
  ctx.lifecycle.afterStatus(cmd.incidentId, ctx.actor);
  return { status: cmd.status };
}

export function acknowledge(cmd: z.infer<typeof Acknowledge>, ctx: CommandContext): CommandResults['acknowledge'] {
  const meta = ctx.state.read(cmd.incidentId).meta.toJSON() as IncidentMeta;
  if (meta.acknowledgedAt !== null) return { acknowledgedAt: meta.acknowledgedAt };
  const at = ctx.state.change(cmd.incidentId, ctx.actor, ({ maps, now, record }) => {
    maps.meta.set('acknowledgedAt', now);
    maps.meta.set('acknowledgedBy', ctx.actor);
    record({ type: 'acknowledged' });
    return now;
  });
  ctx.lifecycle.afterAcknowledge(cmd.incidentId, ctx.actor);
  return { acknowledgedAt: at };
}

export function setTranscriptVisibility(
  cmd: z.infer<typeof SetTranscriptVisibility>,
  ctx: CommandContext,
): CommandResults['setTranscriptVisibility'] {
  const meta = requireCommanderOrNone(cmd.incidentId, ctx, 'transcript visibility');
  if (meta.hideTranscript === cmd.hidden) return { hidden: cmd.hidden };
  ctx.state.change(cmd.incidentId, ctx.actor, ({ maps, record }) => {
    maps.meta.set('hideTranscript', cmd.hidden);
    record({ type: 'transcript.visibility', hidden: cmd.hidden });
  });
  if (cmd.hidden) ctx.onTranscriptHidden(cmd.incidentId);
  return { hidden: cmd.hidden };
}
