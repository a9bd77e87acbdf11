import type { z } from 'zod';
import type { CommandResults, PublishUpdate } from '../../shared/commands.ts';
import type { IncidentMeta, StakeholderUpdate } from '../../shared/documents.ts';
import { newId } from '../ids.ts';
import { CommandError } from './CommandError.ts';
import type { CommandContext } from './context.ts';

/** Stakeholder updates speak for the incident, so only the comms coordinator or commander publish. */
export async function publishUpdate(cmd: z.infer<typeof PublishUpdate>, ctx: CommandContext): Promise<CommandResults['publishUpdate']> {
  const update = await ctx.state.change(cmd.incidentId, ctx.actor, ({ maps, now, record }) => {
    const comms = maps.roles.get('comms');
    const commander = maps.roles.get('commander');
    const allowed = ctx.principal.access === 'admin' || comms?.id === ctx.actor.id || commander?.id === ctx.actor.id;
    if (!allowed) {
      const who = [comms && `${comms.name} (comms)`, commander && `${commander.name} (commander)`].filter(Boolean).join(' or ');
      throw new CommandError(
        'forbidden',
        who ? `only ${who} can publish stakeholder updates` : 'claim the communication coordinator or commander role to publish',
      );
    }
    const meta = maps.meta.toJSON() as IncidentMeta;
    const published: StakeholderUpdate = { id: newId('upd'), at: now, text: cmd.text, status: meta.status, severity: meta.severity, author: ctx.actor };
    maps.updates.push([published]);
    record({ type: 'update.published', updateId: published.id });
    return published;
  });
  await ctx.lifecycle.afterUpdateOrSeverity(cmd.incidentId, ctx.actor);
  return { update };
}
