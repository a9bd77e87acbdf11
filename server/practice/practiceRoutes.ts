/**
 * Starting and stopping a drill (issue 22). Organisation-wide like declaring: a stakeholder link
 * or a token for one incident must not mint incidents, nor read a source through a new one.
 */
import { Router } from 'express';
import { organisationRefusal } from '../../shared/access.ts';
import { describeZodError } from '../../shared/commands.ts';
import { StartPractice } from '../../shared/practice.ts';
import { CommandError, requireAllowed } from '../commands/CommandError.ts';
import { principalOf } from '../http/authMiddleware.ts';
import type { PracticeReplay } from './PracticeReplay.ts';

export function practiceRoutes(practice: PracticeReplay): Router {
  const router = Router();
  router.post('/incidents/:id/practice', async (req, res) => {
    const p = principalOf(res);
    requireAllowed(organisationRefusal(p));
    const input = StartPractice.safeParse(req.body ?? {});
    if (!input.success) throw new CommandError('invalid', describeZodError(input.error));
    res.status(201).json(await practice.start(p, req.params.id, input.data));
  });
  router.post('/incidents/:id/practice/:practiceId/stop', async (req, res) => {
    const p = principalOf(res);
    requireAllowed(organisationRefusal(p));
    await practice.stop(p, req.params.id, req.params.practiceId);
    res.json({ stopped: true });
  });
  return router;
}
