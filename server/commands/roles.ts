/**
 * Claim, release and hand off single-holder roles. Arbitration is exact because each command
 * reads and writes the state document under its lock, on its latest stored state: when many
 * claim at once, on one node or several, the first to run wins and every later one is refused
 * with the holder's name.
 */
import type { z } from 'zod';
import type { ClaimRole, CommandResults, HandOffRole, ReleaseRole } from '../../shared/commands.ts';
import { ROLES } from '../../shared/roles.ts';
import type { RoleHolder } from '../../shared/documents.ts';
import type { StateMaps } from '../../shared/stateDoc.ts';
import { CommandError } from './CommandError.ts';
import type { CommandContext } from './context.ts';
import { refuseWhenResolved } from './resolvedRules.ts';

export function claimRole(cmd: z.infer<typeof ClaimRole>, ctx: CommandContext): Promise<CommandResults['claimRole']> {
  return ctx.state.change(cmd.incidentId, ctx.actor, ({ maps, now, record }) => {
    refuseWhenResolved(maps, 'roles');
    const current = maps.roles.get(cmd.role);
    if (current) {
      if (current.id === ctx.actor.id) return { holder: current };
      throw new CommandError('conflict', `${current.name} already holds ${ROLES[cmd.role].label}; ask them to hand it off`, {
        id: current.id,
        name: current.name,
      });
    }
    const holder: RoleHolder = { ...ctx.actor, since: now };
    maps.roles.set(cmd.role, holder);
    record({ type: 'role.claimed', role: cmd.role });
    return { holder };
  });
}

/** The holder of a role, who alone (or the API token) may give it up. */
function heldByActor(maps: StateMaps, role: z.infer<typeof ReleaseRole>['role'], ctx: CommandContext, what: string, nobody: string): RoleHolder {
  refuseWhenResolved(maps, 'roles');
  const current = maps.roles.get(role);
  if (!current) throw new CommandError('conflict', nobody);
  if (current.id !== ctx.actor.id && ctx.principal.access !== 'admin') {
    throw new CommandError('forbidden', `only ${current.name}, who holds ${ROLES[role].label}, can ${what} it`, current);
  }
  return current;
}

export async function releaseRole(cmd: z.infer<typeof ReleaseRole>, ctx: CommandContext): Promise<CommandResults['releaseRole']> {
  await ctx.state.change(cmd.incidentId, ctx.actor, ({ maps, record }) => {
    const current = heldByActor(maps, cmd.role, ctx, 'release', `nobody holds ${ROLES[cmd.role].label}`);
    maps.roles.delete(cmd.role);
    record({ type: 'role.released', role: cmd.role, holder: { id: current.id, name: current.name } });
  });
  return { released: true };
}

export async function handOffRole(cmd: z.infer<typeof HandOffRole>, ctx: CommandContext): Promise<CommandResults['handOffRole']> {
  const target = await ctx.users.get(cmd.toUserId);
  if (!target) throw new CommandError('not_found', `no user ${cmd.toUserId}`);
  return ctx.state.change(cmd.incidentId, ctx.actor, ({ maps, now, record }) => {
    const current = heldByActor(maps, cmd.role, ctx, 'hand off', `nobody holds ${ROLES[cmd.role].label}; claim it instead`);
    if (target.id === current.id) throw new CommandError('invalid', `${target.name} already holds ${ROLES[cmd.role].label}`);
    const holder: RoleHolder = { ...target, since: now };
    if (!maps.people.has(target.id)) maps.people.set(target.id, target);
    maps.roles.set(cmd.role, holder);
    record({ type: 'role.handedOff', role: cmd.role, from: { id: current.id, name: current.name }, to: target, note: cmd.note });
    return { holder };
  });
}
