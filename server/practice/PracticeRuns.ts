/**
 * Practice incidents as rows (issue 22): the `practice` flag on the lobby row, which metrics read,
 * and each drill's run: where in the source's log it is, and how source time maps to its own.
 */
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';

export interface PracticeRun {
  practiceId: string;
  sourceId: string;
  speed: number;
  /** The source moment the drill began at, and when (practice time) that was. */
  fromAt: number;
  startedAt: number;
  /** The last update of each source document applied so far. */
  stateSeq: number;
  responderSeq: number;
  /** The practice incident's title as last written, to tell when the source renamed its own. */
  title: string;
  startedBy: string;
  stoppedAt: number | null;
  finishedAt: number | null;
}

const COLUMNS = `practice_id AS "practiceId", source_id AS "sourceId", speed, from_at AS "fromAt", started_at AS "startedAt",
  state_seq AS "stateSeq", responder_seq AS "responderSeq", title, started_by AS "startedBy", stopped_at AS "stoppedAt", finished_at AS "finishedAt"`;

export class PracticeRuns {
  constructor(private readonly db: SqlDatabase) {}

  /** Marks the lobby row (which must exist) and records the run; inside the caller's transaction. */
  async create(run: PracticeRun): Promise<void> {
    await this.db.run('UPDATE incidents SET practice = 1 WHERE id = ?', [run.practiceId]);
    await this.db.run(
      `INSERT INTO practice_runs (practice_id, source_id, speed, from_at, started_at, state_seq, responder_seq, title, started_by, stopped_at, finished_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [run.practiceId, run.sourceId, run.speed, run.fromAt, run.startedAt, run.stateSeq, run.responderSeq, run.title, run.startedBy, run.stoppedAt, run.finishedAt],
    );
  }

  /** The run, locked until the caller's transaction ends: one step at a time, whichever node. */
  getLocked(practiceId: string): Promise<PracticeRun | undefined> {
    return this.db.getLocked<PracticeRun>(`SELECT ${COLUMNS} FROM practice_runs WHERE practice_id = ?`, [practiceId]);
  }

  async advance(practiceId: string, at: { stateSeq: number; responderSeq: number; title: string; finishedAt: number | null }): Promise<void> {
    await this.db.run('UPDATE practice_runs SET state_seq = ?, responder_seq = ?, title = ?, finished_at = ? WHERE practice_id = ?', [
      at.stateSeq,
      at.responderSeq,
      at.title,
      at.finishedAt,
      practiceId,
    ]);
  }

  async stop(practiceId: string, now: number): Promise<void> {
    await this.db.run('UPDATE practice_runs SET stopped_at = ? WHERE practice_id = ? AND stopped_at IS NULL', [now, practiceId]);
  }

  /** The ids of every practice incident among these: what metrics leave out. */
  async practiceIds(): Promise<Set<string>> {
    return new Set((await this.db.all<{ id: string }>('SELECT id FROM incidents WHERE practice = 1')).map((r) => r.id));
  }
}
