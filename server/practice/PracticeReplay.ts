/**
 * A drill from the past (issue 22): a resolved incident's update log, both documents, applied in
 * order to a new practice incident's documents as server writes, each update when its original
 * receive time comes round at the chosen speed. Alerts, entries and claims appear as they
 * happened because they are in the log; nothing is translated except the state document's meta,
 * which names the practice incident, keeps it private and marks it as practice.
 *
 * Updates go straight into the rooms, never through commands, so the replay pages nobody, posts
 * nothing and starts no timers but its own. Each batch is one durable timer that claims the run's
 * row, applies what fell due, moves the cursor and schedules the next: a drill survives a restart
 * and runs once in a cluster.
 */
import * as Y from 'yjs';
import { responderDocName, stateDocName } from '../../shared/documents.ts';
import type { Principal } from '../../shared/access.ts';
import type { IncidentSummary } from '../../shared/incident.ts';
import { practiceTitle } from '../../shared/practice.ts';
import type { PracticeStarted, StartPractice } from '../../shared/practice.ts';
import { readMeta, readRoles, stateMaps, summarize } from '../../shared/stateDoc.ts';
import { CommandError } from '../commands/CommandError.ts';
import { requireVisibleIncident } from '../commands/visibleIncident.ts';
import { newIncidentId } from '../ids.ts';
import type { Scheduler } from '../lifecycle/Scheduler.ts';
import type { LobbyAudience } from '../state/IncidentStateWriter.ts';
import type { IncidentMembers } from '../storage/incidentMembers.ts';
import type { Incidents } from '../storage/incidents.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';
import type { StoredUpdate, UpdateLog } from '../storage/updateLog.ts';
import type { Room } from '../sync/Room.ts';
import type { RoomRegistry } from '../sync/RoomRegistry.ts';
import type { WriteQueue } from '../sync/WriteQueue.ts';
import type { PracticeRun, PracticeRuns } from './PracticeRuns.ts';

export const PRACTICE_TIMER = 'practice-step';

/** Updates due within this much of a step go with it: one timer per second of drill at most. */
const BATCH_MS = 1_000;

export interface PracticeReplayDeps {
  db: SqlDatabase;
  runs: PracticeRuns;
  updateLog: UpdateLog;
  registry: RoomRegistry;
  writes: WriteQueue;
  incidents: Incidents;
  members: IncidentMembers;
  scheduler: Scheduler;
  now: () => number;
  /** Tells the lobbies of the change, as the state writer does for commands. */
  onChanged: (summary: IncidentSummary, audience: LobbyAudience) => void;
}

/** The leading updates (in log order) received by `until`: a prefix, so each applies after all before it. */
function dueUpdates(log: readonly StoredUpdate[], afterSeq: number, until: number): StoredUpdate[] {
  const pending = log.filter((u) => u.seq > afterSeq);
  const stop = pending.findIndex((u) => u.receivedAt > until);
  return stop === -1 ? pending : pending.slice(0, stop);
}

export class PracticeReplay {
  constructor(private readonly deps: PracticeReplayDeps) {
    deps.scheduler.handle(PRACTICE_TIMER, (practiceId) => this.step(practiceId));
  }

  async start(p: Principal, sourceId: string, input: StartPractice): Promise<PracticeStarted> {
    const { incidents, updateLog, runs, members, writes, now } = this.deps;
    await requireVisibleIncident(p, sourceId, incidents);
    const source = (await incidents.get(sourceId))!;
    if (source.statusCategory !== 'resolved') throw new CommandError('conflict', 'only a resolved incident can be practised: resolve it first');
    const declared = (await updateLog.history(stateDocName(sourceId)))[0];
    if (!declared) throw new CommandError('conflict', 'this incident has no stored history to practise');
    const practiceId = newIncidentId();
    const title = practiceTitle(source.title);
    return writes.run(async () => {
      const at = now();
      // The lobby row first (the state writes refer to it); the first step fills it in from the meta.
      await incidents.save({ ...source, id: practiceId, title, commander: null, createdAt: at, private: true });
      await runs.create({
        practiceId,
        sourceId,
        speed: input.speed,
        // Never before the declaration: the practice room has its meta from the start.
        fromAt: Math.max(input.from ?? declared.receivedAt, declared.receivedAt),
        startedAt: at,
        stateSeq: 0,
        responderSeq: 0,
        title: '',
        startedBy: p.userId,
        stoppedAt: null,
        finishedAt: null,
      });
      // Private to whoever started it; they add the rest of their team as members.
      await members.add(practiceId, [p.userId], p.userId, at);
      await this.step(practiceId);
      return { incidentId: practiceId };
    });
  }

  /** Stops a drill of `sourceId`: what was replayed stays, nothing more arrives. */
  async stop(p: Principal, sourceId: string, practiceId: string): Promise<void> {
    await requireVisibleIncident(p, practiceId, this.deps.incidents);
    await this.deps.writes.run(async () => {
      const run = await this.deps.runs.getLocked(practiceId);
      if (!run || run.sourceId !== sourceId) throw new CommandError('not_found', `no practice ${practiceId} of incident ${sourceId}`);
      await this.deps.runs.stop(practiceId, this.deps.now());
      await this.deps.scheduler.cancel(PRACTICE_TIMER, practiceId);
    });
  }

  /** Applies what fell due and schedules the next batch; runs inside a transaction (a timer's, or start's). */
  private async step(practiceId: string): Promise<void> {
    const { runs, updateLog, scheduler, now } = this.deps;
    const run = await runs.getLocked(practiceId);
    if (!run || run.stoppedAt !== null || run.finishedAt !== null) return;
    const at = now();
    const until = run.fromAt + (at + BATCH_MS - run.startedAt) * run.speed;
    const stateLog = await updateLog.history(stateDocName(run.sourceId));
    const responderLog = await updateLog.history(responderDocName(run.sourceId));
    const stateDue = dueUpdates(stateLog, run.stateSeq, until);
    const responderDue = dueUpdates(responderLog, run.responderSeq, until);
    const title = await this.apply(run, stateDue, responderDue);
    // A drill that outgrew MAX_DOC_BYTES ends where it is, rather than failing at every poll.
    if (title === null) return runs.advance(practiceId, { stateSeq: run.stateSeq, responderSeq: run.responderSeq, title: run.title, finishedAt: at });
    const stateSeq = stateDue.at(-1)?.seq ?? run.stateSeq;
    const responderSeq = responderDue.at(-1)?.seq ?? run.responderSeq;
    const next = Math.min(
      stateLog.find((u) => u.seq > stateSeq)?.receivedAt ?? Infinity,
      responderLog.find((u) => u.seq > responderSeq)?.receivedAt ?? Infinity,
    );
    const finished = next === Infinity;
    await runs.advance(practiceId, { stateSeq, responderSeq, title, finishedAt: finished ? at : null });
    if (!finished) await scheduler.schedule(PRACTICE_TIMER, practiceId, run.startedAt + Math.ceil((next - run.fromAt) / run.speed));
  }

  /** Writes the updates into the practice documents; answers the practice title as it now is, null when they do not fit. */
  private async apply(run: PracticeRun, stateDue: StoredUpdate[], responderDue: StoredUpdate[]): Promise<string | null> {
    const { registry } = this.deps;
    // State document first, as every transaction takes them (WriteQueue's lock order).
    const stateRoom = await registry.get(stateDocName(run.practiceId));
    const releaseState = stateRoom.hold();
    try {
      const responderRoom = await registry.get(responderDocName(run.practiceId));
      const release = responderRoom.hold();
      try {
        await this.caughtUp(stateRoom);
        await this.caughtUp(responderRoom);
        const size = (updates: StoredUpdate[]) => updates.reduce((sum, u) => sum + u.data.length, 0);
        if (stateRoom.isFull(size(stateDue)) || responderRoom.isFull(size(responderDue))) return null;
        // Each update keeps its author, so the log of the drill names the people of the outage.
        for (const u of stateDue) stateRoom.change(u.author, () => Y.applyUpdate(stateRoom.doc, u.data));
        for (const u of responderDue) responderRoom.change(u.author, () => Y.applyUpdate(responderRoom.doc, u.data));
        return await this.rewriteMeta(run, stateRoom);
      } finally {
        release();
      }
    } finally {
      releaseState();
    }
  }

  private async caughtUp(room: Room): Promise<void> {
    this.deps.registry.touch(room);
    await room.catchUp(true);
  }

  /**
   * The replayed meta carries the source's id, title and privacy: one server change makes them the
   * practice incident's, and keeps it off the status page. The lobby row follows.
   */
  private async rewriteMeta(run: PracticeRun, room: Room): Promise<string> {
    const maps = stateMaps(room.doc);
    const current = maps.meta.get('title');
    // A title other than the one written last is the source's own (declared, or renamed since).
    const title = typeof current === 'string' && current !== run.title ? practiceTitle(current) : run.title;
    room.change(run.startedBy, () => {
      if (maps.meta.get('id') !== run.practiceId) maps.meta.set('id', run.practiceId);
      if (maps.meta.get('title') !== title) maps.meta.set('title', title);
      if (maps.meta.get('private') !== true) maps.meta.set('private', true);
      if (maps.meta.get('practice') !== true) maps.meta.set('practice', true);
      if (maps.meta.get('statusPage') === true) maps.meta.set('statusPage', false);
    });
    const meta = readMeta(maps);
    if (meta) {
      const summary = summarize(meta, readRoles(maps));
      await this.deps.incidents.save(summary);
      const audience = await this.deps.members.ids(run.practiceId);
      this.deps.db.afterCommit(() => this.deps.onChanged(summary, audience));
    }
    return title;
  }
}
