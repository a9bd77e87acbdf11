/**
 * `POST /api/people` `{name, email, source?, externalId?}`: an account for a person who has not
 * signed in yet (an import's people), for admins and the API token. A second account for an email
 * is refused (409, naming the account that has it): the importer matches people by email.
 */
import { Router } from 'express';
import { peopleAdminRefusal } from '../../shared/access.ts';
import { describeZodError } from '../../shared/commands.ts';
import { CreatePerson } from '../../shared/imports.ts';
import type { AuditRecorder } from '../audit/AuditRecorder.ts';
import { CommandError, requireAllowed } from '../commands/CommandError.ts';
import { principalOf } from '../http/authMiddleware.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';
import { ImportedPeople } from './ImportedPeople.ts';

export function peopleImportRoutes(deps: { db: SqlDatabase; audit: AuditRecorder; now: () => number }): Router {
  const people = new ImportedPeople(deps.db);
  const router = Router();
  router.post('/people', async (req, res) => {
    const admin = principalOf(res);
    requireAllowed(peopleAdminRefusal(admin));
    const parsed = CreatePerson.safeParse(req.body);
    if (!parsed.success) throw new CommandError('invalid', describeZodError(parsed.error));
    const result = await people.create(parsed.data, deps.now());
    if ('taken' in result) throw new CommandError('conflict', `${result.taken.name} (${result.taken.id}) has that email address already`);
    await deps.audit.record({ at: deps.now(), userId: admin.userId, action: 'person.created', target: result.created.id, detail: parsed.data.source ?? 'manual' });
    res.status(201).json(result.created);
  });
  return router;
}
