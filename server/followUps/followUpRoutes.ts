/**
 * Follow-ups over REST (issue 21), after sign-in. One incident's follow-ups are its responders'
 * (incidentRefusal, after the visibility check that answers a hidden incident as a missing one);
 * the list across incidents shows only incidents the caller sees (incidentVisible on each row), and
 * a link for one incident sees that incident's follow-ups only. Stakeholder links see none: a
 * follow-up is the team's work, not what stakeholders were told.
 */
import { Router } from 'express';
import type { Response } from 'express';
import { incidentRefusal, incidentVisible, seesEveryIncident, seesPrivateFields } from '../../shared/access.ts';
import type { Principal } from '../../shared/access.ts';
import { describeZodError } from '../../shared/commands.ts';
import { CreateFollowUp, ExportFollowUp, FollowUpQuery, UpdateFollowUp, dayOf } from '../../shared/followUps.ts';
import type { TrackerKind } from '../../shared/followUps.ts';
import type { z } from 'zod';
import { CommandError, requireAllowed } from '../commands/CommandError.ts';
import { principalOf } from '../http/authMiddleware.ts';
import { assertIncidentAccess } from '../http/incidentAccess.ts';
import { newId } from '../ids.ts';
import type { Outbox } from '../outbox/Outbox.ts';
import type { IncidentStateWriter } from '../state/IncidentStateWriter.ts';
import type { WriteQueue } from '../sync/WriteQueue.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';
import type { Incidents } from '../storage/incidents.ts';
import type { Users } from '../storage/users.ts';
import type { FollowUps, StoredFollowUp } from './FollowUps.ts';
import type { Tracker } from './Tracker.ts';
import type { TrackerIssueMessage } from './trackerSender.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface FollowUpRouteDeps {
  db: SqlDatabase;
  followUps: FollowUps;
  incidents: Incidents;
  users: Pick<Users, 'state'>;
  outbox: Pick<Outbox, 'enqueue'>;
  trackers: ReadonlyMap<TrackerKind, Tracker>;
  /** Adding a follow-up is on the incident's timeline, in the same transaction. */
  state: Pick<IncidentStateWriter, 'change'>;
  writes: Pick<WriteQueue, 'run'>;
  now: () => number;
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) throw new CommandError('invalid', describeZodError(parsed.error));
  return parsed.data;
}

const notFound = (id: string) => new CommandError('not_found', `no follow-up ${id}`);

export function followUpRoutes(deps: FollowUpRouteDeps): Router {
  const { followUps, incidents } = deps;
  const router = Router();

  const responder = (res: Response): Principal => {
    const p = principalOf(res);
    requireAllowed(seesPrivateFields(p) ? null : 'follow-ups are for responders');
    return p;
  };

  const requireOwner = async (ownerId: string | null | undefined) => {
    if (ownerId && (await deps.users.state(ownerId)) === undefined) throw new CommandError('invalid', `ownerId: no person ${ownerId}`);
  };

  /** The follow-up, if the caller may act on its incident; a hidden one answers as a missing one. */
  const writable = async (p: Principal, id: string): Promise<StoredFollowUp> => {
    const stored = await followUps.get(id, p.userId);
    if (!stored) throw notFound(id);
    const { followUp } = stored;
    if (!incidentVisible(p, { id: followUp.incidentId, private: stored.private, members: { has: (u) => stored.member && u === p.userId } })) throw notFound(id);
    requireAllowed(incidentRefusal(p, followUp.incidentId, true));
    return stored;
  };

  router.post('/incidents/:id/follow-ups', async (req, res) => {
    const p = responder(res);
    const incidentId = req.params.id;
    await assertIncidentAccess(p, incidentId, incidents, true);
    const body = parse(CreateFollowUp, req.body);
    await requireOwner(body.ownerId);
    const id = newId('fu');
    await deps.writes.run(async () => {
      await followUps.insert({
      id,
      incidentId,
      actionId: body.actionId ?? null,
      title: body.title,
      ownerId: body.ownerId ?? null,
      dueDate: body.dueDate ?? null,
      priority: body.priority ?? 'p3',
      afterIncident: body.afterIncident ?? true,
      createdBy: p.userId,
      at: deps.now(),
      });
      await deps.state.change(incidentId, { id: p.userId, name: p.name }, ({ record }) => record({ type: 'followUp.added', followUpId: id }));
    });
    res.status(201).json({ followUp: (await followUps.get(id, p.userId))!.followUp });
  });

  router.get('/incidents/:id/follow-ups', async (req, res) => {
    const p = responder(res);
    const incidentId = req.params.id;
    await assertIncidentAccess(p, incidentId, incidents, false);
    const rows = await followUps.list({ viewer: p.userId, everything: true, incidentId });
    res.json({ followUps: rows.map((r) => r.followUp), today: dayOf(deps.now()), trackers: [...deps.trackers.keys()] });
  });

  router.get('/follow-ups', async (req, res) => {
    const p = responder(res);
    const query = parse(FollowUpQuery, req.query);
    const today = dayOf(deps.now());
    const due =
      query.due === 'overdue' ? { dueBefore: today } : query.due === 'week' ? { dueFrom: today, dueBefore: dayOf(Date.parse(`${today}T00:00:00Z`) + 8 * DAY_MS) } : {};
    const rows = await followUps.list({
      viewer: p.userId,
      everything: seesEveryIncident(p),
      ...(p.incidentId !== null ? { incidentId: p.incidentId } : {}),
      ...(query.service ? { service: query.service } : {}),
      ...(query.owner ? { ownerId: query.owner === 'me' ? p.userId : query.owner } : {}),
      // Overdue means still to do; otherwise the status asked for, or every one.
      ...(query.status || query.due === 'overdue' ? { status: query.status ?? 'open' } : {}),
      ...due,
    });
    const visible = rows.filter((r) => incidentVisible(p, { id: r.followUp.incidentId, private: r.private, members: { has: (u) => r.member && u === p.userId } }));
    res.json({ followUps: visible.map((r) => r.followUp), today, trackers: [...deps.trackers.keys()] });
  });

  router.patch('/follow-ups/:id', async (req, res) => {
    const p = responder(res);
    await writable(p, req.params.id);
    const changes = parse(UpdateFollowUp, req.body);
    await requireOwner(changes.ownerId);
    await followUps.update(req.params.id, changes, deps.now());
    res.json({ followUp: (await followUps.get(req.params.id, p.userId))!.followUp });
  });

  /**
   * One click: the issue is created by the outbox (202 while it is on its way); once exported, or
   * while an export is on its way, asking again answers the same link rather than a second issue.
   */
  router.post('/follow-ups/:id/export', async (req, res) => {
    const p = responder(res);
    const id = req.params.id;
    const { followUp: before } = await writable(p, id);
    const { tracker } = parse(ExportFollowUp, req.body);
    if (!deps.trackers.has(tracker)) throw new CommandError('unavailable', `${tracker === 'github' ? 'GitHub Issues' : 'Jira'} is not configured on this server`);
    const started = await deps.db.transaction(async () => {
      const current = await followUps.lockedTracker(id);
      if (current?.kind && current.state !== 'failed') return false;
      await followUps.startExport(id, tracker, deps.now());
      const message: TrackerIssueMessage = { followUpId: id, kind: tracker };
      await deps.outbox.enqueue({ channel: 'tracker-issue', target: `${tracker}:${id}`, incidentId: before.incidentId, eventType: null, payload: message });
      return true;
    });
    const { followUp } = (await followUps.get(id, p.userId))!;
    res.status(started ? 202 : followUp.tracker?.state === 'exporting' ? 202 : 200).json({ followUp });
  });

  return router;
}
