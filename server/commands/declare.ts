import type { CommandResults, DeclareIncident } from '../../shared/commands.ts';
import type { IncidentMeta } from '../../shared/documents.ts';
import type { z } from 'zod';
import { newIncidentId } from '../ids.ts';
import type { CommandContext } from './context.ts';
import { CommandError } from './CommandError.ts';
import { checkFieldValues, mirrorPublicFields } from './customFields.ts';
import { definitionsFor, missingRequiredFields } from '../../shared/incidentModel.ts';
import type { IncidentDefinitions } from '../../shared/incidentModel.ts';
import { statusPageAtDeclaration } from './statusPage.ts';

/** The current model's definitions for the type asked for (its first type when none is). */
function declarationDefinitions(cmd: z.infer<typeof DeclareIncident>, ctx: CommandContext): IncidentDefinitions {
  const { model, version } = ctx.model;
  const typeKey = cmd.incidentType ?? model.types[0]!.key;
  const defs = definitionsFor(model, version, typeKey);
  if (!defs) throw new CommandError('invalid', `incidentType: no incident type "${typeKey}": one of ${model.types.map((t) => t.key).join(', ')}`);
  return defs;
}

/**
 * A person who declares an incident by hand is on it: when the declaration pages nobody, that
 * is its acknowledgement (issue 12; otherwise nobody would ever acknowledge it). When it pages
 * the service's on-call responder, acknowledging stays theirs: the time to acknowledge measures
 * the page, and the secondary is still escalated to. Automation (alerts, the API token)
 * declares unacknowledged.
 */
export function declareIncident(cmd: z.infer<typeof DeclareIncident>, ctx: CommandContext): Promise<CommandResults['declare']> {
  const id = newIncidentId();
  const now = ctx.now();
  const byHand = ctx.principal.access === 'responder';
  const defs = declarationDefinitions(cmd, ctx);
  const severity = cmd.severity ?? defs.type.defaultSeverity;
  if (!defs.severities.some((s) => s.key === severity)) {
    throw new CommandError('invalid', `severity: no severity "${severity}": one of ${defs.severities.map((s) => s.key).join(', ')}`);
  }
  const fields = cmd.fields ?? {};
  checkFieldValues(defs, fields);
  // Automation (alerts, the API token) cannot know what people fill in: they must by resolution.
  const missing = byHand ? missingRequiredFields(defs, fields, 'declaration') : [];
  if (missing.length) throw new CommandError('invalid', `fields required at declaration: ${missing.map((f) => f.name).join(', ')}`);
  const start = defs.statuses[0]!;
  const meta: IncidentMeta = {
    id,
    title: cmd.title,
    summary: cmd.summary ?? '',
    service: cmd.service ?? null,
    severity,
    status: start.key,
    statusCategory: start.category,
    definitions: defs,
    fieldsRevision: 0,
    createdAt: now,
    createdBy: ctx.actor,
    acknowledgedAt: null,
    acknowledgedBy: null,
    mitigatedAt: null,
    resolvedAt: null,
    hideTranscript: cmd.hideTranscript ?? false,
    nextUpdateDue: null,
    links: cmd.links ?? [],
    private: cmd.private ?? defs.type.private,
    statusPage: statusPageAtDeclaration(cmd.statusPage, cmd.private ?? defs.type.private),
  };
  // One transaction: an incident that cannot be fully set up (no room for its documents, a
  // storage error) leaves no half-made row in the lobby.
  return ctx.state.atomically(async () => {
    // The lobby row must exist before the first state write refers to the incident.
    await ctx.incidents.save({
      id,
      title: meta.title,
      severity: meta.severity,
      status: meta.status,
      statusCategory: start.category,
      type: defs.type.key,
      service: meta.service,
      commander: null,
      createdAt: now,
      acknowledgedAt: null,
      mitigatedAt: null,
      resolvedAt: null,
      private: meta.private === true,
    });
    if (Object.keys(fields).length) await ctx.incidents.saveFieldValues(id, fields);
    await ctx.state.change(id, ctx.actor, ({ maps, record, admit }) => {
      // The declarer is the first member (issue 13).
      admit(ctx.actor);
      for (const [key, value] of Object.entries(meta)) maps.meta.set(key, value as IncidentMeta[keyof IncidentMeta]);
      mirrorPublicFields(maps, defs, fields);
      record({ type: 'declared', title: meta.title, severity: meta.severity });
    });
    await ctx.lifecycle.afterDeclare(id, ctx.actor);
    const acknowledged =
      byHand &&
      (await ctx.state.change(id, ctx.actor, ({ maps, now: at, record }) => {
        if (maps.pages.length > 0) return false;
        maps.meta.set('acknowledgedAt', at);
        maps.meta.set('acknowledgedBy', ctx.actor);
        record({ type: 'acknowledged' });
        return true;
      }));
    if (acknowledged) await ctx.lifecycle.afterAcknowledge(id, ctx.actor);
    return { incident: (await ctx.incidents.get(id))! };
  });
}
