/**
 * Claim, release and hand off single-holder roles. Arbitration is exact because each command
 * reads and writes the state document under its lock, on its latest stored state: when many
 * claim at once, on one node or several, the first to run wins and every later one is refused
 * with the holder's name.
 */
import type { z } from 'zod';
import type { ClaimRole, CommandResults, HandOffRole, ReleaseRole } from '../../shared/commands.ts';
import { holderKey } from '../../shared/incidentModel.ts';
import type { ModelRole } from '../../shared/incidentModel.ts';
import type { RoleHolder } from '../../shared/documents.ts';
import type { StateMaps } from '../../shared/stateDoc.ts';
import { CommandError } from './CommandError.ts';
import type { CommandContext } from './context.ts';
import { refuseWhenResolved } from './resolvedRules.ts';
import { requireRole } from './roleDefinitions.ts';

export function claimRole(cmd: z.infer<typeof ClaimRole>, ctx: CommandContext): Promise<CommandResults['claimRole']> {
  return ctx.state.change(cmd.incidentId, ctx.actor, ({ maps, now, record }) => {
    refuseWhenResolved(maps, 'roles');
    const role = requireRole(maps, cmd.role);
    const key = holderKey(role, ctx.actor.id);
    const current = maps.roles.get(key);
    if (current) {
      if (current.id === ctx.actor.id) return { holder: current };
      throw new CommandError('conflict', `${current.name} already holds ${role.name}; ask them to hand it off`, {
        id: current.id,
        name: current.name,
      });
    }
    const holder: RoleHolder = { ...ctx.actor, since: now };
    maps.roles.set(key, holder);
    record({ type: 'role.claimed', role: cmd.role });
    return { holder };
  });
}

/**
 * The holder of a role, who alone (or the API token) may give it up, and where they sit. Of a
 * role several hold, it is the caller's own place.
 */
function heldByActor(maps: StateMaps, roleKey: string, ctx: CommandContext, what: string, nobody: (role: string) => string): { current: RoleHolder; key: string; role: ModelRole } {
  refuseWhenResolved(maps, 'roles');
  const role = requireRole(maps, roleKey);
  const key = holderKey(role, ctx.actor.id);
  const current = maps.roles.get(key);
  if (!current) throw new CommandError('conflict', role.multiple ? `you do not hold ${role.name}` : nobody(role.name));
  if (current.id !== ctx.actor.id && ctx.principal.access !== 'admin') {
    throw new CommandError('forbidden', `only ${current.name}, who holds ${role.name}, can ${what} it`, current);
  }
  return { current, key, role };
}

export async function releaseRole(cmd: z.infer<typeof ReleaseRole>, ctx: CommandContext): Promise<CommandResults['releaseRole']> {
  await ctx.state.change(cmd.incidentId, ctx.actor, ({ maps, record }) => {
    const { current, key } = heldByActor(maps, cmd.role, ctx, 'release', (name) => `nobody holds ${name}`);
    maps.roles.delete(key);
    record({ type: 'role.released', role: cmd.role, holder: { id: current.id, name: current.name } });
  });
  return { released: true };
}

export async function handOffRole(cmd: z.infer<typeof HandOffRole>, ctx: CommandContext): Promise<CommandResults['handOffRole']> {
  const target = await ctx.users.get(cmd.toUserId);
  if (!target) throw new CommandError('not_found', `no user ${cmd.toUserId}`);
  return ctx.state.change(cmd.incidentId, ctx.actor, ({ maps, now, record }) => {
    const { current, key, role } = heldByActor(maps, cmd.role, ctx, 'hand off', (name) => `nobody holds ${name}; claim it instead`);
    const targetKey = holderKey(role, target.id);
    if (target.id === current.id || maps.roles.has(targetKey) && role.multiple) throw new CommandError('invalid', `${target.name} already holds ${role.name}`);
    const holder: RoleHolder = { ...target, since: now };
    if (!maps.people.has(target.id)) maps.people.set(target.id, target);
    maps.roles.delete(key);
    maps.roles.set(targetKey, holder);
    record({ type: 'role.handedOff', role: cmd.role, from: { id: current.id, name: current.name }, to: target, note: cmd.note });
    return { holder };
  });
}
