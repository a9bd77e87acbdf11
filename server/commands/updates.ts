import type { z } from 'zod';
import type { CommandResults, PublishUpdate } from '../../shared/commands.ts';
import type { IncidentMeta, StakeholderUpdate } from '../../shared/documents.ts';
import { newId } from '../ids.ts';
import { CommandError } from './CommandError.ts';
import type { CommandContext } from './context.ts';

/** Stakeholder updates speak for the incident, so only the comms coordinator or commander publish. */
export function publishUpdate(cmd: z.infer<typeof PublishUpdate>, ctx: CommandContext): CommandResults['publishUpdate'] {
  const maps = ctx.state.read(cmd.incidentId);
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
  const update: StakeholderUpdate = {
    id: newId('upd'),
    at: ctx.now(),
    text: cmd.text,
    status: meta.status,
    severity: meta.severity,
    author: ctx.actor,
  };
  ctx.state.change(cmd.incidentId, ctx.actor, ({ maps: m, record }) => {
    m.updates.push([update]);
    record({ type: 'update.published', updateId: update.id });
  });
  ctx.lifecycle.afterUpdateOrSeverity(cmd.incidentId, ctx.actor);
  return { update };
}
