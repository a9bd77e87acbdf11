/**
 * A person's weekly test page setting and their test page log over REST (issue 19), for the person
 * themself signed in, an admin or the API token (contactSettingsRefusal, as for contact methods).
 *
 * - `GET/PUT/DELETE /api/users/<id>/weekly-test-page` `{day, time, timeZone}`: opting in needs an
 *   SMS or voice number, since proving the phone path is what the weekly page is for.
 * - `GET /api/users/<id>/test-pages`: the team and weekly test pages the person was sent, newest
 *   first, each message with what became of it (queued, sent, failed).
 */
import { requestedPerson } from './requestedPerson.ts';
import { Router } from 'express';
import type { Request, Response } from 'express';
import { describeZodError } from '../../shared/commands.ts';
import { WEEKLY_TEST_METHODS, WeeklyTestPageInput } from '../../shared/imports.ts';
import type { AuditRecorder } from '../audit/AuditRecorder.ts';
import { CommandError } from '../commands/CommandError.ts';
import { principalOf } from '../http/authMiddleware.ts';
import type { Users } from '../storage/users.ts';
import type { NotificationSettings } from './NotificationSettings.ts';
import type { TestPageLog } from './TestNotifications.ts';
import type { WeeklyTestPages } from './weeklyTestPages.ts';

export interface WeeklyTestPageRouteDeps {
  weekly: WeeklyTestPages;
  log: TestPageLog;
  settings: NotificationSettings;
  users: Users;
  audit: AuditRecorder;
  now: () => number;
}

export function weeklyTestPageRoutes(deps: WeeklyTestPageRouteDeps): Router {
  const router = Router();

  const person = (req: Request, res: Response) => requestedPerson(deps.users, req, res);

  router.get('/users/:userId/weekly-test-page', async (req, res) => {
    const user = await person(req, res);
    res.json({ weeklyTestPage: await deps.weekly.get(user.id) });
  });

  router.put('/users/:userId/weekly-test-page', async (req, res) => {
    const user = await person(req, res);
    const parsed = WeeklyTestPageInput.safeParse(req.body);
    if (!parsed.success) throw new CommandError('invalid', describeZodError(parsed.error));
    const methods = await deps.settings.methods(user.id);
    if (!methods.some((m) => WEEKLY_TEST_METHODS.includes(m.type))) {
      throw new CommandError('invalid', 'add an SMS or voice number first: the weekly test page is there to prove the phone path works');
    }
    const view = await deps.weekly.put(user.id, parsed.data);
    await deps.audit.record({ at: deps.now(), userId: principalOf(res).userId, action: 'weekly-test-page.set', target: user.id, detail: `${view.day} ${view.time} ${view.timeZone}` });
    res.json({ weeklyTestPage: view });
  });

  router.delete('/users/:userId/weekly-test-page', async (req, res) => {
    const user = await person(req, res);
    if (!(await deps.weekly.remove(user.id))) throw new CommandError('not_found', 'this person has no weekly test page');
    res.status(204).end();
  });

  router.get('/users/:userId/test-pages', async (req, res) => {
    const user = await person(req, res);
    res.json({ testPages: await deps.log.recent(user.id) });
  });

  return router;
}
