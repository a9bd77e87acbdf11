/**
 * On-call schedules over REST (issue 18). A schedule names people and when they are reachable:
 * organisation data, so a stakeholder link or a token for one incident is refused everywhere here,
 * and signed-in responders and the API token read and write. People are checked to be active
 * accounts; every time is validated and bounded before anything is stored.
 */
import express, { Router } from 'express';
import type { Request } from 'express';
import { PolicyStore } from '../escalation/PolicyStore.ts';
import type { z } from 'zod';
import { calendarLinkRefusal, organisationRefusal } from '../../shared/access.ts';
import { describeZodError } from '../../shared/commands.ts';
import {
  AtQuery,
  CalendarLinkQuery,
  CalendarWindow,
  DEFAULT_RANGE_MS,
  ImportInput,
  OverrideInput,
  RangeQuery,
  ScheduleInput,
  ScheduleLimits,
  SwapInput,
} from '../../shared/schedules.ts';
import type { CalendarLinkView, ImportReport, ShiftsView, SwapView } from '../../shared/schedules.ts';
import { CommandError, requireAllowed } from '../commands/CommandError.ts';
import { principalOf } from '../http/authMiddleware.ts';
import type { AuditRecorder } from '../audit/AuditRecorder.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';
import type { Users } from '../storage/users.ts';
import { AUTOMATION_USER } from '../auth/authenticator.ts';
import { CalendarLinks } from './CalendarLinks.ts';
import { icsCalendar } from './icsCalendar.ts';
import { importCalendar } from './importCalendar.ts';
import { OnCall } from './OnCall.ts';
import { instantFromText, overrideRange, storedLayers } from './scheduleInput.ts';
import type { ScheduleRecord } from './ScheduleStore.ts';
import { finalShiftView, iso, layerShiftView, overrideView, peopleIn, scheduleView } from './scheduleViews.ts';
import { shiftEvent } from './shiftEvents.ts';
import { swapOverrides } from './swaps.ts';

export interface ScheduleRouteDeps {
  db: SqlDatabase;
  users: Users;
  now: () => number;
  /** Who changed who is woken at night: every write here is audited. */
  audit: Pick<AuditRecorder, 'record'>;
  /** The public URL of a private calendar link's secret. */
  calendarUrl: (secret: string) => string;
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new CommandError('invalid', describeZodError(parsed.error));
  return parsed.data;
}

export function scheduleRoutes(deps: ScheduleRouteDeps): Router {
  const { users, now } = deps;
  const onCall = new OnCall(deps.db);
  const store = onCall.store;
  const links = new CalendarLinks(deps.db);
  const policies = new PolicyStore(deps.db);
  const router = Router();

  const scheduleOf = async (id: string) => {
    const schedule = await store.get(id);
    if (!schedule) throw new CommandError('not_found', `no schedule ${id}`);
    return schedule;
  };
  /** Everyone named must be an active person: not a token's identity, not the automation. */
  const requirePeople = async (named: ReadonlyArray<{ userId: string; field: string }>) => {
    const checked = new Set<string>();
    for (const { userId, field } of named) {
      if (checked.has(userId)) continue;
      const person = await users.person(userId);
      if (!person) throw new CommandError('invalid', `${field}: no person with id ${userId}`);
      if (person.deactivatedAt !== null) throw new CommandError('invalid', `${field}: ${person.name} is deactivated`);
      checked.add(userId);
    }
  };
  const viewOf = async (s: ScheduleRecord) => scheduleView(s, await store.people(peopleIn(s, [])));
  const validSchedule = async (body: unknown) => {
    const input = parse(ScheduleInput, body);
    await requirePeople(input.layers.flatMap((l, i) => l.users.map((userId, j) => ({ userId, field: `layers.${i}.users.${j}` }))));
    return { name: input.name, timeZone: input.timeZone, layers: storedLayers(input) };
  };
  const requireRoomForOverrides = async (scheduleId: string, adding: number) => {
    if ((await store.openOverrides(scheduleId, now())) + adding > ScheduleLimits.openOverrides) {
      throw new CommandError('invalid', `a schedule holds at most ${ScheduleLimits.openOverrides} overrides that have not ended`);
    }
  };

  const audited = (res: express.Response, action: string, target: string, detail: string | null = null) =>
    deps.audit.record({ at: now(), userId: principalOf(res).userId, action, target, detail });

  router.use('/schedules', (_req, res, next) => {
    requireAllowed(organisationRefusal(principalOf(res)));
    next();
  });

  // A person's private calendar link (before /schedules/:id, which would take the name).
  const linkOwner = (req: Request, res: express.Response) => {
    const p = principalOf(res);
    const userId = parse(CalendarLinkQuery, req.query).userId ?? p.userId;
    requireAllowed(calendarLinkRefusal(p, userId));
    return userId;
  };
  router.get('/schedules/my-calendar', async (req, res) => {
    const link = await links.live(linkOwner(req, res));
    const view: CalendarLinkView | null = link ? { id: link.id, userId: link.userId, createdAt: iso(link.createdAt) } : null;
    res.json({ link: view });
  });
  router.post('/schedules/my-calendar', async (req, res) => {
    const userId = linkOwner(req, res);
    await requirePeople([{ userId, field: 'userId' }]);
    const { secret, record } = await links.create(userId, now());
    const view: CalendarLinkView = { id: record.id, userId, createdAt: iso(record.createdAt), url: deps.calendarUrl(secret) };
    res.status(201).json(view);
  });
  router.delete('/schedules/my-calendar', async (req, res) => {
    if (!(await links.revoke(linkOwner(req, res), now()))) throw new CommandError('not_found', 'there is no calendar link to revoke');
    res.status(204).end();
  });

  router.post('/schedules', async (req, res) => {
    const valid = await validSchedule(req.body);
    if ((await store.count()) >= ScheduleLimits.schedules) throw new CommandError('invalid', `there can be at most ${ScheduleLimits.schedules} schedules`);
    const created = await store.create({ ...valid, createdBy: principalOf(res).userId, now: now() });
    await audited(res, 'schedule.created', created.id, created.name);
    res.status(201).json(await viewOf(created));
  });

  router.get('/schedules', async (_req, res) => {
    const schedules = await store.list();
    const names = await store.people(schedules.flatMap((s) => peopleIn(s, [])));
    res.json({ schedules: schedules.map((s) => scheduleView(s, names)) });
  });

  router.get('/schedules/:id', async (req, res) => {
    res.json(await viewOf(await scheduleOf(req.params.id)));
  });

  router.put('/schedules/:id', async (req, res) => {
    await scheduleOf(req.params.id);
    const updated = await store.update(req.params.id, { ...(await validSchedule(req.body)), now: now() });
    if (!updated) throw new CommandError('not_found', `no schedule ${req.params.id}`);
    await audited(res, 'schedule.updated', updated.id, updated.name);
    res.json(await viewOf(updated));
  });

  router.delete('/schedules/:id', async (req, res) => {
    const naming = await policies.namingSchedule(req.params.id);
    if (naming.length) throw new CommandError('conflict', `escalation policies page this schedule: ${naming.map((p) => p.name).join(', ')}; take it out of them first`);
    if (!(await store.remove(req.params.id))) throw new CommandError('not_found', `no schedule ${req.params.id}`);
    await audited(res, 'schedule.deleted', req.params.id);
    res.status(204).end();
  });

  router.get('/schedules/:id/oncall', async (req, res) => {
    const query = parse(AtQuery, req.query);
    const answer = await onCall.at(req.params.id, query.at ? instantFromText(query.at, 'UTC', 'at') : now());
    if (!answer) throw new CommandError('not_found', `no schedule ${req.params.id}`);
    res.json(answer);
  });

  router.get('/schedules/:id/shifts', async (req, res) => {
    const schedule = await scheduleOf(req.params.id);
    const query = parse(RangeQuery, req.query);
    const from = query.from ? instantFromText(query.from, 'UTC', 'from') : now();
    const to = query.to ? instantFromText(query.to, 'UTC', 'to') : from + DEFAULT_RANGE_MS;
    if (to <= from) throw new CommandError('invalid', 'to must be after from');
    if (to - from > ScheduleLimits.maxRangeMs) throw new CommandError('invalid', `a range spans at most ${ScheduleLimits.maxRangeMs / 86_400_000} days`);
    const t = await onCall.timeline(schedule, from, to);
    const names = await store.people([...peopleIn(schedule, t.overrides), ...t.final.map((s) => s.userId)]);
    const view: ShiftsView = {
      scheduleId: schedule.id,
      timeZone: schedule.timeZone,
      from: iso(from),
      to: iso(to),
      final: t.final.map((s) => finalShiftView(s, schedule, names)),
      layers: t.layers.map((shifts, i) => {
        const name = schedule.layers[i]!.name;
        return { name, shifts: shifts.map((s) => layerShiftView(s, name, names)) };
      }),
      overrides: t.overrides.map((o) => overrideView(o, names)),
    };
    res.json(view);
  });

  router.post('/schedules/:id/overrides', async (req, res) => {
    const schedule = await scheduleOf(req.params.id);
    const input = parse(OverrideInput, req.body);
    await requirePeople([{ userId: input.userId, field: 'userId' }]);
    const range = overrideRange(input, schedule.timeZone, now());
    await requireRoomForOverrides(schedule.id, 1);
    const [created] = await store.addOverrides(schedule.id, 'override', [{ ...range, createdBy: principalOf(res).userId }], now());
    await audited(res, 'schedule.override-added', schedule.id, `${input.userId} from ${iso(range.start)} to ${iso(range.end)}`);
    res.status(201).json(overrideView(created!, await store.people(peopleIn(null, [created!]))));
  });

  router.delete('/schedules/:id/overrides/:overrideId', async (req, res) => {
    await scheduleOf(req.params.id);
    const removed = await store.removeOverride(req.params.id, req.params.overrideId);
    if (removed.length === 0) throw new CommandError('not_found', `no override ${req.params.overrideId} in this schedule`);
    await audited(res, 'schedule.override-removed', req.params.id, req.params.overrideId);
    res.status(204).end();
  });

  router.post('/schedules/:id/swaps', async (req, res) => {
    const schedule = await scheduleOf(req.params.id);
    const input = parse(SwapInput, req.body);
    await requirePeople([
      { userId: input.first.userId, field: 'first.userId' },
      { userId: input.second.userId, field: 'second.userId' },
    ]);
    const first = overrideRange(input.first, schedule.timeZone, now(), 'first.');
    const second = overrideRange(input.second, schedule.timeZone, now(), 'second.');
    const pair = await swapOverrides(onCall, schedule, first, second, principalOf(res).userId);
    await requireRoomForOverrides(schedule.id, 2);
    const created = await store.addOverrides(schedule.id, 'swap', pair, now());
    await audited(res, 'schedule.swap', schedule.id, `${input.first.userId} and ${input.second.userId}`);
    const names = await store.people(peopleIn(null, created));
    const view: SwapView = { swapId: pair[0]!.swapId!, overrides: [overrideView(created[0]!, names), overrideView(created[1]!, names)] };
    res.status(201).json(view);
  });

  router.get('/schedules/:id/calendar.ics', async (req, res) => {
    const schedule = await scheduleOf(req.params.id);
    const at = now();
    const { final } = await onCall.timeline(schedule, at - CalendarWindow.pastMs, at + CalendarWindow.aheadMs);
    const names = await store.people(final.map((s) => s.userId));
    res.type('text/calendar; charset=utf-8');
    res.send(icsCalendar(`On call: ${schedule.name}`, final.map((s) => shiftEvent(schedule, s, names)), at));
  });

  router.post('/schedules/:id/import', express.text({ type: ['text/calendar', 'text/plain'], limit: ScheduleLimits.importBytes }), async (req, res) => {
    const schedule = await scheduleOf(req.params.id);
    const ics = typeof req.body === 'string' ? req.body : req.is('application/json') ? parse(ImportInput, req.body).ics : null;
    if (!ics) throw new CommandError('invalid', 'send the iCalendar file as a text/calendar body, or JSON {"ics": "..."}');
    const people = (await users.people()).filter((p) => p.deactivatedAt === null && p.id !== AUTOMATION_USER.id);
    const result = await importCalendar({ store, schedule, ics, people, createdBy: principalOf(res).userId, now: now() });
    await audited(res, 'schedule.imported', schedule.id, `${result.imported.length} overrides`);
    const names = await store.people(peopleIn(null, result.imported));
    const report: ImportReport = { imported: result.imported.map((o) => overrideView(o, names)), unmatched: result.unmatched, skippedPast: result.skippedPast };
    res.json(report);
  });

  return router;
}
export { calendarFeedRoutes } from './calendarFeedRoutes.ts';
