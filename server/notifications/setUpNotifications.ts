/**
 * Notifications (issue 18) put together for the server: the pager IncidentLifecycle calls, the
 * `notification` timers, the outbox's `email` channel (only when SMTP_URL is set: nodemailer is
 * loaded then and not otherwise), its `sms` and `voice` channels and Twilio's webhooks (only
 * when Twilio is set up, issue 19), test pages (a schedule's people at once, and each person's
 * opt-in weekly one, issue 19), and the routes.
 */
import { Router } from 'express';
import type { Request, Response } from 'express';
import { peopleAdminRefusal } from '../../shared/access.ts';
import type { TeamTestPageResult } from '../../shared/imports.ts';
import type { AuditRecorder } from '../audit/AuditRecorder.ts';
import { CommandError, requireAllowed } from '../commands/CommandError.ts';
import { principalOf } from '../http/authMiddleware.ts';
import type { CommandServices } from '../commands/context.ts';
import type { EmailSettings } from '../integrations/email/env.ts';
import type { TwilioSettings } from '../integrations/twilio/env.ts';
import { twilioHooks } from '../integrations/twilio/hooks.ts';
import { phoneSender } from '../integrations/twilio/phoneSender.ts';
import type { Scheduler } from '../lifecycle/Scheduler.ts';
import { KeyedRateLimiter } from '../limits/KeyedRateLimiter.ts';
import type { Logger } from '../logger.ts';
import { ScheduleStore } from '../schedules/ScheduleStore.ts';
import type { Outbox } from '../outbox/Outbox.ts';
import { RoomlessPageStore } from '../roomlessPages/RoomlessPageStore.ts';
import type { IncidentStateWriter } from '../state/IncidentStateWriter.ts';
import type { IncidentMembers } from '../storage/incidentMembers.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';
import type { Users } from '../storage/users.ts';
import { NotificationSettings } from './NotificationSettings.ts';
import { notificationRoutes } from './notificationRoutes.ts';
import { PageEmails } from './PageEmails.ts';
import { PageLinks } from './PageLinks.ts';
import { pageLinkRoutes } from './pageLinkRoutes.ts';
import { PagePlans } from './PagePlans.ts';
import { PersonPager } from './PersonPager.ts';
import { PagePhones } from './PagePhones.ts';
import { PhoneAcks } from './PhoneAcks.ts';
import { PhonePages } from './PhonePages.ts';
import { TestNotifications, TestPageLog } from './TestNotifications.ts';
import { WeeklyTestPages } from './weeklyTestPages.ts';
import { weeklyTestPageRoutes } from './weeklyTestPageRoutes.ts';

export interface NotificationDeps {
  db: SqlDatabase;
  /** Null while SMTP_URL is unset: email rules then fail, and say why, on the timeline. */
  email: EmailSettings | null;
  /** Null while Twilio is not set up: SMS and voice rules are then skipped, saying why, on the timeline. */
  twilio: TwilioSettings | null;
  /** Bounds each SMTP phase and Twilio request (WEBHOOK_TIMEOUT_MS), within the outbox's lease. */
  timeoutMs: number;
  state: IncidentStateWriter;
  scheduler: Scheduler;
  outbox: Outbox;
  members: IncidentMembers;
  users: Users;
  audit: AuditRecorder;
  publicUrl: string;
  now: () => number;
  logger: Logger;
}

export interface Notifications {
  pager: PersonPager;
  /** Signed-in routes: contact methods, rules, test notifications and test pages. */
  routes(): Router;
  /** Before sign-in: the acknowledge link's routes, and Twilio's webhooks (/integrations/twilio/…) when it is set up. */
  linkRoutes(services: CommandServices): Router;
}

/** Test notifications per person: three, then one more every few minutes. */
const TEST_BURST = 3;
const TEST_REFILL_SECONDS = 600;
/** Team test pages per schedule: a schedule's people must not be flooded through this button either. */
const TEAM_TEST_BURST = 2;
/** Twilio's webhook forms are a text of at most 1,600 characters and a few dozen fields. */
const MAX_TWILIO_BODY_BYTES = 32 * 1024;

export async function setUpNotifications(deps: NotificationDeps): Promise<Notifications> {
  const settings = new NotificationSettings(deps.db);
  const plans = new PagePlans(deps.db);
  const links = new PageLinks(deps.db);
  const roomless = new RoomlessPageStore(deps.db);
  const phonePages = new PhonePages(deps.db);
  const delivers = { email: deps.email !== null, sms: deps.twilio !== null, voice: deps.twilio !== null };
  const pager = new PersonPager({ settings, plans, state: deps.state, scheduler: deps.scheduler, outbox: deps.outbox, delivers, roomless, logger: deps.logger, now: deps.now });
  if (deps.email) {
    const [{ smtpTransport }, { emailSender }] = await Promise.all([import('../integrations/email/smtpTransport.ts'), import('../integrations/email/emailSender.ts')]);
    const emails = new PageEmails({ plans, links, state: deps.state, members: deps.members, roomless, users: deps.users, pager, publicUrl: deps.publicUrl, now: deps.now });
    deps.outbox.register(
      'email',
      emailSender({
        transport: await smtpTransport(deps.email, deps.timeoutMs),
        from: deps.email.from,
        compose: (payload) => emails.compose(payload),
        ended: (payload, outcome) => emails.ended(payload, outcome),
        logger: deps.logger,
      }),
    );
  }
  if (deps.twilio) {
    const phones = new PagePhones({ plans, phonePages, state: deps.state, members: deps.members, roomless, pager, publicUrl: deps.publicUrl, now: deps.now });
    const sender = phoneSender({
      settings: deps.twilio,
      timeoutMs: deps.timeoutMs,
      compose: (payload) => phones.compose(payload),
      ended: (payload, outcome) => phones.ended(payload, outcome),
      now: deps.now,
      logger: deps.logger,
    });
    deps.outbox.register('sms', sender);
    deps.outbox.register('voice', sender);
  }
  const tests = new TestNotifications(deps.outbox, delivers);
  const log = new TestPageLog(deps.db);
  const weekly = new WeeklyTestPages({ db: deps.db, settings, tests, users: deps.users, log, logger: deps.logger, now: deps.now });
  weekly.start(deps.scheduler);
  const { twilio } = deps;
  return {
    pager,
    routes: () => {
      const router = Router();
      router.use(
        notificationRoutes({
          settings,
          users: deps.users,
          audit: deps.audit,
          tests,
          testRate: new KeyedRateLimiter(TEST_BURST / TEST_REFILL_SECONDS, TEST_REFILL_SECONDS, deps.now),
          now: deps.now,
        }),
      );
      router.use(weeklyTestPageRoutes({ weekly, log, settings, users: deps.users, audit: deps.audit, now: deps.now }));
      router.post('/schedules/:id/test-page', teamTestPage({ ...deps, settings, tests, log, rate: new KeyedRateLimiter(TEAM_TEST_BURST / TEST_REFILL_SECONDS, TEST_REFILL_SECONDS, deps.now) }));
      return router;
    },
    linkRoutes: (services) => {
      const router = Router();
      router.use(pageLinkRoutes({ links, roomless, services, users: deps.users, publicUrl: deps.publicUrl, rate: new KeyedRateLimiter(1, 30, deps.now), now: deps.now }));
      if (twilio) {
        const door = new PhoneAcks({ settings, phonePages, roomless, users: deps.users, services, now: deps.now });
        router.use('/integrations/twilio', twilioHooks({ settings: twilio, door, audit: deps.audit, publicUrl: deps.publicUrl, maxBodyBytes: MAX_TWILIO_BODY_BYTES, now: deps.now }));
      }
      return router;
    },
  };
}

/**
 * `POST /api/schedules/<id>/test-page`, for admins and the API token: a test message through every
 * contact method of every person in the schedule's layers, recorded in each person's test page log
 * (deactivated people are left out). Answers 202 with what was queued for whom.
 */
function teamTestPage(deps: NotificationDeps & { settings: NotificationSettings; tests: TestNotifications; log: TestPageLog; rate: KeyedRateLimiter }) {
  const schedules = new ScheduleStore(deps.db);
  return async (req: Request, res: Response) => {
    const admin = principalOf(res);
    requireAllowed(peopleAdminRefusal(admin));
    const schedule = await schedules.get(req.params.id as string);
    if (!schedule) throw new CommandError('not_found', `no schedule ${req.params.id}`);
    if (!deps.rate.take(schedule.id)) throw new CommandError('rate_limited', "this schedule's people were sent a test page a moment ago; wait a few minutes before the next");
    const body: TeamTestPageResult = { scheduleId: schedule.id, people: [] };
    const at = deps.now();
    for (const userId of new Set(schedule.layers.flatMap((l) => l.users))) {
      const account = await deps.users.state(userId);
      if (!account || account.deactivatedAt !== null) continue;
      const queued = await deps.tests.queue(userId, await deps.settings.methods(userId));
      await deps.log.add({ userId, kind: 'team', scheduleId: schedule.id, sentBy: admin.userId, at, results: queued });
      body.people.push({ userId, name: account.name, results: queued.map(({ outboxId: _id, ...r }) => r) });
    }
    await deps.audit.record({ at, userId: admin.userId, action: 'test-page.team', target: schedule.id, detail: `${body.people.length} people` });
    res.status(202).json(body);
  };
}
