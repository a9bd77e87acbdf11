/**
 * A person's contact methods and notification rules over REST (issue 18), for the person themself
 * signed in, an admin or the API token (shared/access.ts, contactSettingsRefusal). A method
 * is usable as soon as it is added, by either: the person chose it, or an admin did for them.
 * Adding and removing one is audited, since it changes where incidents are sent.
 */
import { requestedPerson } from './requestedPerson.ts';
import { Router } from 'express';
import type { Request, Response } from 'express';
import { describeZodError } from '../../shared/commands.ts';
import { ContactMethodInput, NotificationRules, effectiveRules, maskAddress } from '../../shared/notifications.ts';
import type { StoredNotificationRules, TestNotificationResult } from '../../shared/notifications.ts';
import type { AuditRecorder } from '../audit/AuditRecorder.ts';
import { CommandError } from '../commands/CommandError.ts';
import { principalOf } from '../http/authMiddleware.ts';
import type { KeyedRateLimiter } from '../limits/KeyedRateLimiter.ts';
import type { Users } from '../storage/users.ts';
import type { NotificationSettings } from './NotificationSettings.ts';
import type { TestNotifications } from './TestNotifications.ts';

export interface NotificationRouteDeps {
  settings: NotificationSettings;
  users: Users;
  audit: AuditRecorder;
  tests: TestNotifications;
  /** Test notifications per person: an inbox must not be flooded through this button. */
  testRate: KeyedRateLimiter;
  now: () => number;
}

export function notificationRoutes(deps: NotificationRouteDeps): Router {
  const router = Router();

  const person = (req: Request, res: Response) => requestedPerson(deps.users, req, res);

  const storedRules = async (userId: string): Promise<StoredNotificationRules> => {
    const stored = await deps.settings.rules(userId);
    if (stored) return { ...stored, isDefault: false };
    return { rules: effectiveRules(null, await deps.settings.methods(userId), 'low'), isDefault: true, updatedAt: null };
  };

  router.get('/users/:userId/contact-methods', async (req, res) => {
    const user = await person(req, res);
    res.json({ contactMethods: await deps.settings.methods(user.id) });
  });

  router.post('/users/:userId/contact-methods', async (req, res) => {
    const user = await person(req, res);
    const parsed = ContactMethodInput.safeParse(req.body);
    if (!parsed.success) throw new CommandError('invalid', describeZodError(parsed.error));
    const actor = principalOf(res).userId;
    const method = await deps.settings.add(user.id, parsed.data, actor, deps.now());
    await deps.audit.record({ at: deps.now(), userId: actor, action: 'contact-method.added', target: user.id, detail: `${method.type} ${maskAddress(method.type, method.address)}` });
    res.status(201).json(method);
  });

  router.delete('/users/:userId/contact-methods/:methodId', async (req, res) => {
    const user = await person(req, res);
    const removed = await deps.settings.remove(user.id, req.params.methodId as string, deps.now());
    if (!removed) throw new CommandError('not_found', `no contact method ${req.params.methodId} for this person`);
    await deps.audit.record({
      at: deps.now(),
      userId: principalOf(res).userId,
      action: 'contact-method.removed',
      target: user.id,
      detail: `${removed.type} ${maskAddress(removed.type, removed.address)}`,
    });
    res.status(204).end();
  });

  router.get('/users/:userId/notification-rules', async (req, res) => {
    const user = await person(req, res);
    res.json(await storedRules(user.id));
  });

  router.put('/users/:userId/notification-rules', async (req, res) => {
    const user = await person(req, res);
    const parsed = NotificationRules.safeParse(req.body);
    if (!parsed.success) throw new CommandError('invalid', describeZodError(parsed.error));
    const { replaced } = await deps.settings.putRules(user.id, parsed.data, deps.now());
    res.status(replaced ? 200 : 201).json(await storedRules(user.id));
  });

  router.post('/users/:userId/test-notification', async (req, res) => {
    const user = await person(req, res);
    if (!deps.testRate.take(user.id)) throw new CommandError('rate_limited', 'a test notification was sent a moment ago; wait a few minutes before the next');
    res.status(202).json((await deps.tests.send(user.id, await deps.settings.methods(user.id))) satisfies TestNotificationResult);
  });

  return router;
}
