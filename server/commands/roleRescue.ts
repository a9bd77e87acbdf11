/**
 * Rescuing a role from a holder who cannot act (issue 12): the commander reassigns any role,
 * and anyone takes over a role whose holder has been away long enough (shared/roles.ts). Both
 * are events on the timeline naming both people, and the previous holder is told.
 */
import type { z } from 'zod';
import type { AssignRole, CommandResults, TakeOverRole } from '../../shared/commands.ts';
import type { RoleHolder } from '../../shared/documents.ts';
import type { Person } from '../../shared/incident.ts';
import { takeOverRefusal } from '../../shared/roles.ts';
import { holderKey } from '../../shared/incidentModel.ts';
import { requireRole } from './roleDefinitions.ts';
import { CommandError } from './CommandError.ts';
import type { CommandContext } from './context.ts';
import { refuseWhenResolved } from './resolvedRules.ts';

const person = (p: Person): Person => ({ id: p.id, name: p.name });

async function knownUser(ctx: CommandContext, userId: string): Promise<Person> {
  const user = await ctx.users.get(userId);
  if (!user) throw new CommandError('not_found', `no user ${userId}`);
  return { id: user.id, name: user.name };
}

export async function assignRole(cmd: z.infer<typeof AssignRole>, ctx: CommandContext): Promise<CommandResults['assignRole']> {
  const target = await knownUser(ctx, cmd.toUserId);
  const { holder, previous } = await ctx.state.change(cmd.incidentId, ctx.actor, ({ maps, now, record }) => {
    refuseWhenResolved(maps, 'roles');
    const commander = maps.roles.get('commander');
    if (ctx.principal.access !== 'admin' && commander?.id !== ctx.actor.id) {
      throw new CommandError(
        'forbidden',
        commander ? `only ${commander.name}, the incident commander, can reassign roles` : 'claim Incident commander to reassign roles',
        commander ? person(commander) : undefined,
      );
    }
    const role = requireRole(maps, cmd.role);
    const key = holderKey(role, target.id);
    const current = maps.roles.get(key) ?? null;
    if (current?.id === target.id) throw new CommandError('invalid', `${target.name} already holds ${role.name}`);
    const given: RoleHolder = { ...target, since: now };
    if (!maps.people.has(target.id)) maps.people.set(target.id, target);
    maps.roles.set(key, given);
    record({ type: 'role.reassigned', role: cmd.role, from: current && person(current), to: target, note: cmd.note });
    return { holder: given, previous: current };
  });
  if (previous && previous.id !== ctx.actor.id) {
    await ctx.lifecycle.afterRoleTaken(cmd.incidentId, { role: cmd.role, from: person(previous), to: target, by: ctx.actor, reason: 'reassigned' });
  }
  return { holder };
}

export async function takeOverRole(cmd: z.infer<typeof TakeOverRole>, ctx: CommandContext): Promise<CommandResults['takeOverRole']> {
  if (cmd.toUserId !== undefined && ctx.principal.access !== 'admin' && cmd.toUserId !== ctx.actor.id) {
    throw new CommandError('forbidden', 'a take-over gives the role to whoever asks; the commander reassigns it to others');
  }
  if (cmd.toUserId === undefined && ctx.principal.access === 'admin') throw new CommandError('invalid', 'toUserId is required with the API token');
  const target = cmd.toUserId === undefined ? ctx.actor : await knownUser(ctx, cmd.toUserId);
  // Presence is read before the change: it may load the responder room, which must not happen
  // under the state document's lock. The holder is checked again inside.
  const read = await ctx.state.read(cmd.incidentId);
  if (requireRole(read, cmd.role).multiple) throw new CommandError('invalid', 'several people can hold this role: claim it instead of taking it over');
  const before = read.roles.get(cmd.role);
  const awaySince = before ? await ctx.lifecycle.presence.awaySince(cmd.incidentId, before.id, before.since) : null;
  const { holder, previous } = await ctx.state.change(cmd.incidentId, ctx.actor, ({ maps, now, record }) => {
    refuseWhenResolved(maps, 'roles');
    const current = maps.roles.get(cmd.role) ?? null;
    if (current && current.id === target.id) return { holder: current, previous: null };
    if (current && before && current.id !== before.id) {
      throw new CommandError('conflict', `${current.name} has just taken ${requireRole(maps, cmd.role).name}`, person(current));
    }
    const refusal = takeOverRefusal(requireRole(maps, cmd.role).name, { holder: current, awaySince: current && awaySince, now, awayMs: ctx.lifecycle.roleAwayMs });
    if (refusal || !current || awaySince === null) throw new CommandError('conflict', refusal ?? 'the holder is connected', current ? person(current) : undefined);
    const given: RoleHolder = { ...target, since: now };
    if (!maps.people.has(target.id)) maps.people.set(target.id, target);
    maps.roles.set(cmd.role, given);
    record({ type: 'role.takenOver', role: cmd.role, from: person(current), to: target, awayMs: now - awaySince });
    return { holder: given, previous: current };
  });
  if (previous) await ctx.lifecycle.afterRoleTaken(cmd.incidentId, { role: cmd.role, from: person(previous), to: target, by: ctx.actor, reason: 'away' });
  return { holder };
}
