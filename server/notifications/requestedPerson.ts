/** The person a `/users/<userId>/…` request is about, once the caller may act for them (shared/access.ts). */
import type { Request, Response } from 'express';
import { contactSettingsRefusal } from '../../shared/access.ts';
import { CommandError, requireAllowed } from '../commands/CommandError.ts';
import { principalOf } from '../http/authMiddleware.ts';
import type { Users } from '../storage/users.ts';

export async function requestedPerson(users: Users, req: Request, res: Response) {
  const userId = req.params.userId as string;
  requireAllowed(contactSettingsRefusal(principalOf(res), userId));
  const user = await users.get(userId);
  if (!user) throw new CommandError('not_found', `no user ${userId}`);
  return user;
}
