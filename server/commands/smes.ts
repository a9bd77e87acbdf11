import type { z } from 'zod';
import type { AddSme, CommandResults, PageSme, RemoveSme } from '../../shared/commands.ts';
import type { SmeEntry } from '../../shared/documents.ts';
import { newId } from '../ids.ts';
import { CommandError } from './CommandError.ts';
import type { CommandContext } from './context.ts';
import { refuseWhenResolved } from './resolvedRules.ts';

export async function addSme(cmd: z.infer<typeof AddSme>, ctx: CommandContext): Promise<CommandResults['addSme']> {
  const user = cmd.userId ? await ctx.users.get(cmd.userId) : undefined;
  if (cmd.userId && !user) throw new CommandError('not_found', `no user ${cmd.userId}`);
  const sme: SmeEntry = {
    id: newId('sme'),
    name: user?.name ?? cmd.name,
    domain: cmd.domain,
    userId: user?.id ?? null,
    addedAt: ctx.now(),
  };
  await ctx.state.change(cmd.incidentId, ctx.actor, ({ maps, record }) => {
    refuseWhenResolved(maps, 'experts');
    maps.smes.set(sme.id, sme);
    record({ type: 'sme.added', sme });
  });
  return { sme };
}

export async function removeSme(cmd: z.infer<typeof RemoveSme>, ctx: CommandContext): Promise<CommandResults['removeSme']> {
  await ctx.state.change(cmd.incidentId, ctx.actor, ({ maps, record }) => {
    refuseWhenResolved(maps, 'experts');
    const sme = maps.smes.get(cmd.smeId);
    if (!sme) throw new CommandError('not_found', `no SME ${cmd.smeId} in this incident`);
    maps.smes.delete(cmd.smeId);
    record({ type: 'sme.removed', sme });
  });
  return { removed: true };
}

export async function pageSme(cmd: z.infer<typeof PageSme>, ctx: CommandContext): Promise<CommandResults['pageSme']> {
  if (!cmd.smeId && !cmd.domain) throw new CommandError('invalid', 'give smeId or domain');
  const maps = await ctx.state.read(cmd.incidentId);
  refuseWhenResolved(maps, 'experts');
  const smes = [...maps.smes.values()];
  const sme = cmd.smeId ? smes.find((s) => s.id === cmd.smeId) : smes.find((s) => s.domain.toLowerCase() === cmd.domain!.toLowerCase());
  if (!sme) throw new CommandError('not_found', cmd.smeId ? `no SME ${cmd.smeId} in this incident` : `no SME for domain "${cmd.domain}" in this incident`);
  const target = { id: sme.userId ?? sme.id, name: sme.name };
  return { page: await ctx.lifecycle.page(cmd.incidentId, ctx.actor, target, 'sme', sme.domain) };
}
