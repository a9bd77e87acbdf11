/**
 * Claim, release and hand off single-holder roles. Arbitration is exact because each command
 * reads and writes the state document in one synchronous step: when many claim at once, the
 * first to run wins and every later one is refused with the holder's name.
 */
import type { z } from 'zod';
import type { ClaimRole, CommandResults, HandOffRole, ReleaseRole } from '../../shared/commands.ts';
import { ROLES } from '../../shared/roles.ts';
import type { RoleHolder } from '../../shared/documents.ts';
import { CommandError } from './CommandError.ts';
import type { CommandContext } from './context.ts';

export function claimRole(cmd: z.infer<typeof ClaimRole>, ctx: CommandContext): CommandResults['claimRole'] {
  const current = ctx.state.read(cmd.incidentId).roles.get(cmd.role);
  if (current) {
    if (current.id === ctx.actor.id) return { holder: current };
    throw new CommandError('conflict', `${current.name} already holds ${ROLES[cmd.role].label}; ask them to hand it off`, {
      id: current.id,
      name: current.name,
    });
  }
  const holder: RoleHolder = { ...ctx.actor, since: ctx.now() };
  ctx.state.change(cmd.incidentId, ctx.actor, ({ maps, record }) => {
    maps.roles.set(cmd.role, holder);
    record({ type: 'role.claimed', role: cmd.role });
  });
  return { holder };
}

export function releaseRole(cmd: z.infer<typeof ReleaseRole>, ctx: CommandContext): CommandResults['releaseRole'] {
  const current = ctx.state.read(cmd.incidentId).roles.get(cmd.role);
  if (!current) throw new CommandError('conflict', `nobody holds ${ROLES[cmd.role].label}`);
  if (current.id !== ctx.actor.id && ctx.principal.access !== 'admin') {
    throw new CommandError('forbidden', `only ${current.name}, who holds ${ROLES[cmd.role].label}, can release it`, current);
  }
  ctx.state.change(cmd.incidentId, ctx.actor, ({ maps, record }) => {
    maps.roles.delete(cmd.role);
    record({ type: 'role.released', role: cmd.role, holder: { id: current.id, name: current.name } });
  });
  return { released: true };
}

export function handOffRole(cmd: z.infer<typeof HandOffRole>, ctx: CommandContext): CommandResults['handOffRole'] {
  const current = ctx.state.read(cmd.incidentId).roles.get(cmd.role);
  if (!current) throw new CommandError('conflict', `nobody holds ${ROLES[cmd.role].label}; claim it instead`);
  if (current.id !== ctx.actor.id && ctx.principal.access !== 'admin') {
    throw new CommandError('forbidden', `only ${current.name}, who holds ${ROLES[cmd.role].label}, can hand it off`, current);
  }
  const target = ctx.users.get(cmd.toUserId);
  if (!target) throw new CommandError('not_found', `no user ${cmd.toUserId}`);
  if (target.id === current.id) throw new CommandError('invalid', `${target.name} already holds ${ROLES[cmd.role].label}`);
  const holder: RoleHolder = { ...target, since: ctx.now() };
  ctx.state.change(cmd.incidentId, ctx.actor, ({ maps, record }) => {
    if (!maps.people.has(target.id)) maps.people.set(target.id, target);
    maps.roles.set(cmd.role, holder);
    record({ type: 'role.handedOff', role: cmd.role, from: { id: current.id, name: current.name }, to: target, note: cmd.note });
  });
  return { holder };
}
