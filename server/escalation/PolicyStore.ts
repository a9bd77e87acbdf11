/**
 * Escalation policies in storage. A policy's steps are one JSON column, validated on the way in
 * (as schedule layers are): they are always read and written whole.
 */
import type { EscalationStep } from '../../shared/escalation.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';
import { newId } from '../ids.ts';

export interface PolicyRecord {
  id: string;
  name: string;
  steps: EscalationStep[];
  repeat: number;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  id: string;
  name: string;
  steps: string;
  repeats: number;
  created_by: string;
  created_at: number;
  updated_at: number;
}

const toPolicy = (r: Row): PolicyRecord => ({
  id: r.id,
  name: r.name,
  steps: JSON.parse(r.steps) as EscalationStep[],
  repeat: Number(r.repeats),
  createdBy: r.created_by,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

export type PolicyContent = Pick<PolicyRecord, 'name' | 'steps' | 'repeat'>;

export class PolicyStore {
  constructor(private readonly db: SqlDatabase) {}

  async create(content: PolicyContent, createdBy: string, now: number): Promise<PolicyRecord> {
    const record: PolicyRecord = { id: newId('esc'), ...content, createdBy, createdAt: now, updatedAt: now };
    await this.db.run('INSERT INTO escalation_policies (id, name, steps, repeats, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      record.id,
      record.name,
      JSON.stringify(record.steps),
      record.repeat,
      createdBy,
      now,
      now,
    ]);
    return record;
  }

  async get(id: string): Promise<PolicyRecord | undefined> {
    const row = await this.db.get<Row>('SELECT * FROM escalation_policies WHERE id = ?', [id]);
    return row && toPolicy(row);
  }

  async list(): Promise<PolicyRecord[]> {
    return (await this.db.all<Row>('SELECT * FROM escalation_policies ORDER BY name, id')).map(toPolicy);
  }

  async count(): Promise<number> {
    return Number((await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM escalation_policies'))!.n);
  }

  async update(id: string, content: PolicyContent, now: number): Promise<PolicyRecord | undefined> {
    const changed = await this.db.run('UPDATE escalation_policies SET name = ?, steps = ?, repeats = ?, updated_at = ? WHERE id = ?', [
      content.name,
      JSON.stringify(content.steps),
      content.repeat,
      now,
      id,
    ]);
    return changed > 0 ? this.get(id) : undefined;
  }

  /** The policies whose steps page a schedule: deleting it would leave them paging nobody from it. */
  async namingSchedule(scheduleId: string): Promise<PolicyRecord[]> {
    return (await this.list()).filter((p) => p.steps.some((s) => s.targets.some((t) => t.type === 'schedule' && t.scheduleId === scheduleId)));
  }

  async remove(id: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM escalation_policies WHERE id = ?', [id])) > 0;
  }
}
