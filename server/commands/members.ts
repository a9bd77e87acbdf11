/**
 * Adding and removing members of an incident (issue 13). Members (and admins) do it; each is an
 * event on the timeline. A role holder stays a member while they hold the role: removing them
 * would leave a private incident's role with someone who cannot see it.
 */
import type { z } from 'zod';
import type { AddMember, CommandResults, RemoveMember } from '../../shared/commands.ts';
import { membershipRefusal } from '../../shared/access.ts';
import { roleLabel } from '../../shared/roles.ts';
import { roleOfHolderKey } from '../../shared/incidentModel.ts';
import { definitionsOf } from '../../shared/stateDoc.ts';
import type { IncidentMeta } from '../../shared/documents.ts';
import type { SingleHolderRole } from '../../shared/roles.ts';
import { CommandError, requireAllowed } from './CommandError.ts';
import type { CommandContext } from './context.ts';
import { requireVisibleIncident } from './visibleIncident.ts';

async function requireMember(ctx: CommandContext, incidentId: string): Promise<void> {
  requireAllowed(membershipRefusal(ctx.principal, await requireVisibleIncident(ctx.principal, incidentId, ctx.incidents)));
}

export async function addMember(cmd: z.infer<typeof AddMember>, ctx: CommandContext): Promise<CommandResults['addMember']> {
  await requireMember(ctx, cmd.incidentId);
  const user = await ctx.users.get(cmd.userId);
  if (!user) throw new CommandError('not_found', `no user ${cmd.userId}`);
  return ctx.state.atomically(async () => {
    // Added before the event is written, so the new member's lobby hears of that change.
    if ((await ctx.members.add(cmd.incidentId, [user.id], ctx.actor.id, ctx.now())) > 0) {
      await ctx.state.change(cmd.incidentId, ctx.actor, ({ record }) => record({ type: 'member.added', member: { id: user.id, name: user.name } }));
    }
    const member = (await ctx.members.list(cmd.incidentId)).find((m) => m.id === user.id);
    return { member: member! };
  });
}

export async function removeMember(cmd: z.infer<typeof RemoveMember>, ctx: CommandContext): Promise<CommandResults['removeMember']> {
  await requireMember(ctx, cmd.incidentId);
  const isPrivate = await ctx.state.atomically(async () => {
    const member = (await ctx.members.list(cmd.incidentId)).find((m) => m.id === cmd.userId);
    if (!member || !(await ctx.members.remove(cmd.incidentId, member.id))) {
      throw new CommandError('not_found', `${cmd.userId} is not a member of this incident`);
    }
    // A refusal here rolls the removal back with the rest of the transaction.
    return ctx.state.change(cmd.incidentId, ctx.actor, ({ maps, record }) => {
      const held = [...maps.roles.entries()].filter(([, holder]) => holder.id === member.id).map(([key]) => roleLabel(roleOfHolderKey(key), definitionsOf(maps.meta.toJSON() as IncidentMeta)));
      if (held.length > 0) throw new CommandError('conflict', `${member.name} holds ${held.join(' and ')}; hand it off or release it first`);
      record({ type: 'member.removed', member: { id: member.id, name: member.name } });
      return maps.meta.get('private') === true;
    });
  });
  if (isPrivate) ctx.onAudienceNarrowed(cmd.incidentId);
  return { removed: true };
}
