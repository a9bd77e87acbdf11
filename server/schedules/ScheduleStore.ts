/**
 * Schedules and their overrides in storage. A schedule's layers are one JSON column (validated on
 * the way in, as the roster's are); overrides are rows, numbered in the order they were made
 * because the newest wins where two overlap.
 */
import type { OverrideSource, SchedulePerson } from '../../shared/schedules.ts';
import type { SqlDatabase, SqlValue } from '../storage/sql/SqlDatabase.ts';
import { newId } from '../ids.ts';
import type { StoredLayer } from './scheduleInput.ts';

export interface ScheduleRecord {
  id: string;
  name: string;
  timeZone: string;
  layers: StoredLayer[];
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

export interface OverrideRecord {
  id: string;
  scheduleId: string;
  userId: string;
  start: number;
  end: number;
  source: OverrideSource;
  swapId: string | null;
  /** In a swap: the person whose shift this override covers. */
  coversUserId: string | null;
  /** For imports: the event it came from, so importing the same file again replaces it. */
  externalId: string | null;
  createdBy: string;
  createdAt: number;
}

export type NewOverride = Omit<OverrideRecord, 'id' | 'createdAt' | 'scheduleId' | 'source' | 'swapId' | 'coversUserId' | 'externalId'> &
  Partial<Pick<OverrideRecord, 'swapId' | 'coversUserId' | 'externalId'>>;

interface ScheduleRow {
  id: string;
  name: string;
  time_zone: string;
  layers: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

interface OverrideRow {
  id: string;
  schedule_id: string;
  user_id: string;
  starts_at: number;
  ends_at: number;
  source: OverrideSource;
  swap_id: string | null;
  covers_user_id: string | null;
  external_id: string | null;
  created_by: string;
  created_at: number;
}

const toSchedule = (r: ScheduleRow): ScheduleRecord => ({
  id: r.id,
  name: r.name,
  timeZone: r.time_zone,
  layers: JSON.parse(r.layers) as StoredLayer[],
  createdBy: r.created_by,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

const toOverride = (r: OverrideRow): OverrideRecord => ({
  id: r.id,
  scheduleId: r.schedule_id,
  userId: r.user_id,
  start: Number(r.starts_at),
  end: Number(r.ends_at),
  source: r.source,
  swapId: r.swap_id,
  coversUserId: r.covers_user_id,
  externalId: r.external_id,
  createdBy: r.created_by,
  createdAt: Number(r.created_at),
});

const OVERRIDE_COLUMNS = 'id, schedule_id, user_id, starts_at, ends_at, source, swap_id, covers_user_id, external_id, created_by, created_at';

export class ScheduleStore {
  constructor(private readonly db: SqlDatabase) {}

  async create(input: { name: string; timeZone: string; layers: StoredLayer[]; createdBy: string; now: number }): Promise<ScheduleRecord> {
    const record: ScheduleRecord = { id: newId('sch'), ...input, createdAt: input.now, updatedAt: input.now };
    await this.db.run('INSERT INTO schedules (id, name, time_zone, layers, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      record.id,
      record.name,
      record.timeZone,
      JSON.stringify(record.layers),
      record.createdBy,
      record.createdAt,
      record.updatedAt,
    ]);
    return record;
  }

  async update(id: string, input: { name: string; timeZone: string; layers: StoredLayer[]; now: number }): Promise<ScheduleRecord | undefined> {
    const changed = await this.db.run('UPDATE schedules SET name = ?, time_zone = ?, layers = ?, updated_at = ? WHERE id = ?', [
      input.name,
      input.timeZone,
      JSON.stringify(input.layers),
      input.now,
      id,
    ]);
    return changed > 0 ? this.get(id) : undefined;
  }

  async get(id: string): Promise<ScheduleRecord | undefined> {
    const row = await this.db.get<ScheduleRow>('SELECT * FROM schedules WHERE id = ?', [id]);
    return row && toSchedule(row);
  }

  async list(): Promise<ScheduleRecord[]> {
    return (await this.db.all<ScheduleRow>('SELECT * FROM schedules ORDER BY name, id')).map(toSchedule);
  }

  async count(): Promise<number> {
    return Number((await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM schedules'))?.n ?? 0);
  }

  remove(id: string): Promise<boolean> {
    return this.db.transaction(async () => {
      await this.db.run('DELETE FROM schedule_overrides WHERE schedule_id = ?', [id]);
      return (await this.db.run('DELETE FROM schedules WHERE id = ?', [id])) > 0;
    });
  }

  /** The overrides overlapping [from, to), oldest first. */
  async overrides(scheduleId: string, from: number, to: number): Promise<OverrideRecord[]> {
    const rows = await this.db.all<OverrideRow>(
      `SELECT ${OVERRIDE_COLUMNS} FROM schedule_overrides WHERE schedule_id = ? AND ends_at > ? AND starts_at < ? ORDER BY seq`,
      [scheduleId, from, to],
    );
    return rows.map(toOverride);
  }

  async override(scheduleId: string, id: string): Promise<OverrideRecord | undefined> {
    const row = await this.db.get<OverrideRow>(`SELECT ${OVERRIDE_COLUMNS} FROM schedule_overrides WHERE schedule_id = ? AND id = ?`, [scheduleId, id]);
    return row && toOverride(row);
  }

  async openOverrides(scheduleId: string, now: number): Promise<number> {
    const row = await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM schedule_overrides WHERE schedule_id = ? AND ends_at > ?', [scheduleId, now]);
    return Number(row?.n ?? 0);
  }

  /**
   * Adds overrides in one transaction, in order; an override with the `externalId` of one already
   * stored replaces it (importing a file twice changes nothing the second time).
   */
  addOverrides(scheduleId: string, source: OverrideSource, overrides: readonly NewOverride[], now: number): Promise<OverrideRecord[]> {
    return this.db.transaction(async () => {
      const added: OverrideRecord[] = [];
      for (const o of overrides) {
        if (o.externalId) await this.db.run('DELETE FROM schedule_overrides WHERE schedule_id = ? AND external_id = ?', [scheduleId, o.externalId]);
        const record: OverrideRecord = {
          id: newId('ovr'),
          scheduleId,
          userId: o.userId,
          start: o.start,
          end: o.end,
          source,
          swapId: o.swapId ?? null,
          coversUserId: o.coversUserId ?? null,
          externalId: o.externalId ?? null,
          createdBy: o.createdBy,
          createdAt: now,
        };
        const values: SqlValue[] = [
          record.id,
          scheduleId,
          record.userId,
          record.start,
          record.end,
          source,
          record.swapId,
          record.coversUserId,
          record.externalId,
          record.createdBy,
          now,
        ];
        await this.db.run(`INSERT INTO schedule_overrides (${OVERRIDE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, values);
        added.push(record);
      }
      return added;
    });
  }

  /** Removes an override, and the other half of its swap: a swap is undone whole. Answers what went. */
  removeOverride(scheduleId: string, id: string): Promise<OverrideRecord[]> {
    return this.db.transaction(async () => {
      const target = await this.override(scheduleId, id);
      if (!target) return [];
      const rows = target.swapId
        ? await this.db.all<OverrideRow>(`SELECT ${OVERRIDE_COLUMNS} FROM schedule_overrides WHERE schedule_id = ? AND swap_id = ?`, [scheduleId, target.swapId])
        : [];
      const gone = rows.length > 0 ? rows.map(toOverride) : [target];
      for (const o of gone) await this.db.run('DELETE FROM schedule_overrides WHERE id = ?', [o.id]);
      return gone;
    });
  }

  /** Names of accounts by id, one query however many (a schedule names up to hundreds). */
  async people(ids: Iterable<string>): Promise<Map<string, SchedulePerson>> {
    const unique = [...new Set(ids)];
    const found = new Map<string, SchedulePerson>();
    for (let i = 0; i < unique.length; i += 500) {
      const batch = unique.slice(i, i + 500);
      const rows = await this.db.all<SchedulePerson>(`SELECT id, name FROM users WHERE id IN (${batch.map(() => '?').join(', ')})`, batch);
      for (const row of rows) found.set(row.id, row);
    }
    return found;
  }
}
