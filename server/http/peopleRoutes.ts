/**
 * People administration (issue 13), for admins: the provider's admins and the API token. A
 * deactivated person is refused at every door from the next request on (the authenticator reads
 * the flag); deactivating also revokes their sessions, closes their live connections at once,
 * and releases the roles they hold in open incidents, each release a timeline event whose actor
 * is the admin who did it.
 */
import { Router } from 'express';
import type { Principal } from '../../shared/access.ts';
import { deactivationRefusal, peopleAdminRefusal } from '../../shared/access.ts';
import type { Deactivation, PersonAccount } from '../../shared/api.ts';
import type { IncidentMeta } from '../../shared/documents.ts';
import { roleOfHolderKey } from '../../shared/incidentModel.ts';
import { isResolved, readRoles } from '../../shared/stateDoc.ts';
import { CommandError, requireAllowed } from '../commands/CommandError.ts';
import type { CommandServices } from '../commands/context.ts';
import type { Sessions } from '../storage/sessions.ts';
import type { Users } from '../storage/users.ts';
import { principalOf } from './authMiddleware.ts';

export interface PeopleRouteDeps {
  users: Users;
  sessions: Sessions;
  services: CommandServices;
  /** Closes every live connection of the person (sessions and their tokens), on every node. */
  onDeactivated: (userId: string) => void;
}

export function peopleRoutes(deps: PeopleRouteDeps): Router {
  const router = Router();

  const target = async (principal: Principal, userId: string): Promise<PersonAccount> => {
    requireAllowed(deactivationRefusal(principal, userId));
    const person = await deps.users.person(userId);
    if (!person) throw new CommandError('not_found', `no person ${userId}`);
    return person;
  };

  router.get('/people', async (_req, res) => {
    requireAllowed(peopleAdminRefusal(principalOf(res)));
    res.json({ people: await deps.users.people() });
  });

  router.post('/people/:userId/deactivate', async (req, res) => {
    const admin = principalOf(res);
    const person = await target(admin, req.params.userId as string);
    const now = deps.services.now();
    await deps.users.setDeactivated(person.id, now);
    const revoked = await deps.sessions.revokeAllForUser(person.id, now);
    deps.onDeactivated(person.id);
    const body: Deactivation = {
      person: { ...person, deactivatedAt: person.deactivatedAt ?? now },
      sessionsRevoked: revoked.length,
      rolesReleased: await releaseRoles(person.id, admin, deps.services),
    };
    res.json(body);
  });

  router.post('/people/:userId/reactivate', async (req, res) => {
    const person = await target(principalOf(res), req.params.userId as string);
    await deps.users.setDeactivated(person.id, null);
    res.json({ person: { ...person, deactivatedAt: null } });
  });

  return router;
}

/**
 * Releases every role the person holds in an open incident, as the admin: a deactivated
 * commander must not stay "commander" on everyone's screen. Decided on the stored state under
 * the document's lock, so a role that changed hands meanwhile stays with its new holder.
 * Resolved incidents keep their record as it ended.
 */
async function releaseRoles(userId: string, admin: Principal, services: CommandServices): Promise<Deactivation['rolesReleased']> {
  const released: Deactivation['rolesReleased'] = [];
  const actor = { id: admin.userId, name: admin.name };
  for (const incident of await services.incidents.list(100_000)) {
    if (incident.statusCategory === 'resolved') continue;
    const roles = readRoles(await services.state.read(incident.id));
    if (!Object.values(roles).some((holder) => holder?.id === userId)) continue;
    const roleList = await services.state.change(incident.id, actor, ({ maps, record }) => {
      if (isResolved(maps.meta.toJSON() as IncidentMeta)) return [];
      const held = [...maps.roles.entries()].filter(([, holder]) => holder.id === userId);
      for (const [key, holder] of held) {
        maps.roles.delete(key);
        record({ type: 'role.released', role: roleOfHolderKey(key), holder: { id: holder.id, name: holder.name } });
      }
      return held.map(([key]) => roleOfHolderKey(key));
    });
    for (const role of roleList) released.push({ incidentId: incident.id, role });
  }
  return released;
}
