/**
 * Severity, status, acknowledgement, transcript visibility and privacy. While a commander is named,
 * only the commander changes severity, status, visibility and privacy: they coordinate. Without one,
 * any responder may, so a fresh incident is never stuck. Resolving acknowledges an incident
 * nobody acknowledged, by whoever resolves it: someone was plainly on it (issue 12).
 */
import type { z } from 'zod';
import type { Acknowledge, CommandResults, SetPrivacy, SetSeverity, SetStatus, SetTranscriptVisibility } from '../../shared/commands.ts';
import type { IncidentMeta } from '../../shared/documents.ts';
import type { StateMaps } from '../../shared/stateDoc.ts';
import { CommandError } from './CommandError.ts';
import type { CommandContext } from './context.ts';
import { refuseWhenResolved } from './resolvedRules.ts';
import { definitionsOf } from '../../shared/stateDoc.ts';
import { missingRequiredFields } from '../../shared/incidentModel.ts';

function requireCommanderOrNone(maps: StateMaps, ctx: CommandContext, what: string): IncidentMeta {
  const commander = maps.roles.get('commander');
  if (commander && commander.id !== ctx.actor.id && ctx.principal.access !== 'admin') {
    throw new CommandError('forbidden', `${commander.name} is incident commander; only they change the ${what}`, commander);
  }
  return maps.meta.toJSON() as IncidentMeta;
}

export async function setSeverity(cmd: z.infer<typeof SetSeverity>, ctx: CommandContext): Promise<CommandResults['setSeverity']> {
  const changed = await ctx.state.change(cmd.incidentId, ctx.actor, ({ maps, record }) => {
    refuseWhenResolved(maps, 'severity');
    const meta = requireCommanderOrNone(maps, ctx, 'severity');
    const defs = definitionsOf(meta);
    if (!defs.severities.some((s) => s.key === cmd.severity)) {
      throw new CommandError('invalid', `severity: no severity "${cmd.severity}" in this incident: one of ${defs.severities.map((s) => s.key).join(', ')}`);
    }
    if (meta.severity === cmd.severity) return false;
    maps.meta.set('severity', cmd.severity);
    record({ type: 'severity.changed', from: meta.severity, to: cmd.severity });
    return true;
  });
  if (changed) await ctx.lifecycle.afterUpdateOrSeverity(cmd.incidentId, ctx.actor);
  return { severity: cmd.severity };
}

export async function setStatus(cmd: z.infer<typeof SetStatus>, ctx: CommandContext): Promise<CommandResults['setStatus']> {
  const values = await ctx.incidents.fieldValues(cmd.incidentId);
  const { changed, acknowledged } = await ctx.state.change(cmd.incidentId, ctx.actor, ({ maps, now, record }) => {
    const meta = requireCommanderOrNone(maps, ctx, 'status');
    const defs = definitionsOf(meta);
    const next = defs.statuses.find((s) => s.key === cmd.status);
    if (!next) throw new CommandError('invalid', `status: no status "${cmd.status}" in this incident: one of ${defs.statuses.map((s) => s.key).join(', ')}`);
    if (meta.status === cmd.status) return { changed: false, acknowledged: false };
    const resolving = next.category === 'resolved';
    if (resolving) {
      const missing = missingRequiredFields(defs, values, 'resolution');
      if (missing.length) throw new CommandError('invalid', `fill in before resolving: ${missing.map((f) => f.name).join(', ')}`);
    }
    const acknowledging = resolving && meta.acknowledgedAt === null;
    if (acknowledging) {
      maps.meta.set('acknowledgedAt', now);
      maps.meta.set('acknowledgedBy', ctx.actor);
      record({ type: 'acknowledged' });
    }
    maps.meta.set('status', cmd.status);
    maps.meta.set('statusCategory', next.category);
    maps.meta.set('resolvedAt', resolving ? now : null);
    const mitigating = resolving || next.category === 'mitigated';
    if (mitigating && (meta.mitigatedAt ?? null) === null) maps.meta.set('mitigatedAt', now);
    record({ type: 'status.changed', from: meta.status, to: cmd.status, category: next.category });
    return { changed: true, acknowledged: acknowledging };
  });
  if (acknowledged) await ctx.lifecycle.afterAcknowledge(cmd.incidentId, ctx.actor);
  if (changed) await ctx.lifecycle.afterStatus(cmd.incidentId, ctx.actor);
  return { status: cmd.status };
}

export async function acknowledge(cmd: z.infer<typeof Acknowledge>, ctx: CommandContext): Promise<CommandResults['acknowledge']> {
  const { at, first } = await ctx.state.change(cmd.incidentId, ctx.actor, ({ maps, now, record }) => {
    const meta = maps.meta.toJSON() as IncidentMeta;
    if (meta.acknowledgedAt !== null) return { at: meta.acknowledgedAt, first: false };
    maps.meta.set('acknowledgedAt', now);
    maps.meta.set('acknowledgedBy', ctx.actor);
    record({ type: 'acknowledged' });
    return { at: now, first: true };
  });
  if (first) await ctx.lifecycle.afterAcknowledge(cmd.incidentId, ctx.actor);
  return { acknowledgedAt: at };
}

export async function setTranscriptVisibility(
  cmd: z.infer<typeof SetTranscriptVisibility>,
  ctx: CommandContext,
): Promise<CommandResults['setTranscriptVisibility']> {
  const changed = await ctx.state.change(cmd.incidentId, ctx.actor, ({ maps, record }) => {
    const meta = requireCommanderOrNone(maps, ctx, 'transcript visibility');
    if (meta.hideTranscript === cmd.hidden) return false;
    maps.meta.set('hideTranscript', cmd.hidden);
    record({ type: 'transcript.visibility', hidden: cmd.hidden });
    return true;
  });
  if (changed && cmd.hidden) ctx.onTranscriptHidden(cmd.incidentId);
  return { hidden: cmd.hidden };
}

/**
 * Private to its members, or open to every responder again (issue 13). Whoever makes it private
 * stays in it. Like the transcript's visibility, it can still change once the incident is resolved.
 */
export async function setPrivacy(cmd: z.infer<typeof SetPrivacy>, ctx: CommandContext): Promise<CommandResults['setPrivacy']> {
  const changed = await ctx.state.change(cmd.incidentId, ctx.actor, ({ maps, record, admit }) => {
    const meta = requireCommanderOrNone(maps, ctx, 'privacy');
    if ((meta.private === true) === cmd.private) return false;
    maps.meta.set('private', cmd.private);
    if (cmd.private) admit(ctx.actor);
    record({ type: 'privacy.changed', private: cmd.private });
    return true;
  });
  if (changed && cmd.private) ctx.onAudienceNarrowed(cmd.incidentId);
  return { private: cmd.private };
}
