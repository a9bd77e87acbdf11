import type { CommandResults, DeclareIncident } from '../../shared/commands.ts';
import type { IncidentMeta } from '../../shared/documents.ts';
import type { z } from 'zod';
import { newIncidentId } from '../ids.ts';
import type { CommandContext } from './context.ts';

export function declareIncident(cmd: z.infer<typeof DeclareIncident>, ctx: CommandContext): Promise<CommandResults['declare']> {
  const id = newIncidentId();
  const now = ctx.now();
  const meta: IncidentMeta = {
    id,
    title: cmd.title,
    summary: cmd.summary ?? '',
    service: cmd.service ?? null,
    severity: cmd.severity,
    status: 'investigating',
    createdAt: now,
    createdBy: ctx.actor,
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    hideTranscript: cmd.hideTranscript ?? false,
    nextUpdateDue: null,
    links: cmd.links ?? [],
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
      service: meta.service,
      commander: null,
      createdAt: now,
      acknowledgedAt: null,
      resolvedAt: null,
    });
    await ctx.state.change(id, ctx.actor, ({ maps, record }) => {
      for (const [key, value] of Object.entries(meta)) maps.meta.set(key, value as IncidentMeta[keyof IncidentMeta]);
      record({ type: 'declared', title: meta.title, severity: meta.severity });
    });
    await ctx.lifecycle.afterDeclare(id, ctx.actor);
    return { incident: (await ctx.incidents.get(id))! };
  });
}
