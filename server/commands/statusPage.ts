/**
 * The status page's two commands (issue 21). Putting an incident on the page is the commander's
 * call, as its severity is (anyone's while nobody commands); what the page says is the comms
 * coordinator's or the commander's, as stakeholder updates are. A private incident never reaches
 * the page. The page's own tables follow these events (server/statusPage/StatusPageFeed.ts).
 */
import type { z } from 'zod';
import type { CommandResults, PublishStatusUpdate, SetStatusPage } from '../../shared/commands.ts';
import type { IncidentMeta } from '../../shared/documents.ts';
import { statusCategoryOf } from '../../shared/stateDoc.ts';
import { publicStatusOf } from '../../shared/statusPage.ts';
import type { PublicStatusUpdate } from '../../shared/statusPage.ts';
import { newId } from '../ids.ts';
import { CommandError } from './CommandError.ts';
import type { CommandContext } from './context.ts';

const PRIVATE_REFUSAL = 'a private incident is never on the status page; open it to every responder first';

/** Whether a declaration puts the incident on the page; refused for a private one. */
export function statusPageAtDeclaration(asked: boolean | undefined, isPrivate: boolean): boolean {
  if (asked === true && isPrivate) throw new CommandError('invalid', `statusPage: ${PRIVATE_REFUSAL}`);
  return asked === true;
}

export async function setStatusPage(cmd: z.infer<typeof SetStatusPage>, ctx: CommandContext): Promise<CommandResults['setStatusPage']> {
  await ctx.state.change(cmd.incidentId, ctx.actor, ({ maps, record }) => {
    const commander = maps.roles.get('commander');
    if (commander && commander.id !== ctx.actor.id && ctx.principal.access !== 'admin') {
      throw new CommandError('forbidden', `${commander.name} is incident commander; only they put the incident on the status page or take it off`, commander);
    }
    const meta = maps.meta.toJSON() as IncidentMeta;
    if (cmd.statusPage && meta.private === true) throw new CommandError('conflict', PRIVATE_REFUSAL);
    const retitled = cmd.statusPage && cmd.title !== undefined && cmd.title !== (meta.statusPageTitle ?? meta.title);
    if ((meta.statusPage === true) === cmd.statusPage && !retitled) return;
    maps.meta.set('statusPage', cmd.statusPage);
    if (retitled) maps.meta.set('statusPageTitle', cmd.title!);
    record({ type: 'statusPage.changed', statusPage: cmd.statusPage, ...(retitled ? { title: cmd.title! } : {}) });
  });
  return { statusPage: cmd.statusPage };
}

export async function publishStatusUpdate(cmd: z.infer<typeof PublishStatusUpdate>, ctx: CommandContext): Promise<CommandResults['publishStatusUpdate']> {
  const update = await ctx.state.change(cmd.incidentId, ctx.actor, ({ maps, now, record }) => {
    const comms = maps.roles.get('comms');
    const commander = maps.roles.get('commander');
    if (ctx.principal.access !== 'admin' && comms?.id !== ctx.actor.id && commander?.id !== ctx.actor.id) {
      const who = [comms && `${comms.name} (comms)`, commander && `${commander.name} (commander)`].filter(Boolean).join(' or ');
      throw new CommandError('forbidden', who ? `only ${who} can publish on the status page` : 'claim the communication coordinator or commander role to publish');
    }
    const meta = maps.meta.toJSON() as IncidentMeta;
    if (meta.private === true) throw new CommandError('conflict', PRIVATE_REFUSAL);
    if (meta.statusPage !== true) throw new CommandError('conflict', 'this incident is not on the status page; put it there first (setStatusPage)');
    const published: PublicStatusUpdate = {
      id: newId('supd'),
      incidentId: cmd.incidentId,
      at: now,
      text: cmd.text,
      status: cmd.status ?? publicStatusOf(statusCategoryOf(meta)),
    };
    record({ type: 'statusUpdate.published', updateId: published.id, text: published.text, status: published.status });
    return published;
  });
  return { update };
}
