/** A component's state set by hand (issue 21): it holds, whatever incidents say, until cleared. */
import type { ComponentStatus } from '../../shared/statusPage.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';

export interface ComponentOverride {
  service: string;
  status: ComponentStatus;
  setBy: string;
  setAt: number;
}

export class ComponentOverrides {
  constructor(private readonly db: SqlDatabase) {}

  async all(): Promise<Map<string, ComponentOverride>> {
    const rows = await this.db.all<{ service: string; status: ComponentStatus; set_by: string; set_at: number }>(
      'SELECT service, status, set_by, set_at FROM status_page_overrides',
    );
    return new Map(rows.map((r) => [r.service, { service: r.service, status: r.status, setBy: r.set_by, setAt: r.set_at }]));
  }

  async set(service: string, status: ComponentStatus | null, setBy: string, now: number): Promise<void> {
    if (status === null) {
      await this.db.run('DELETE FROM status_page_overrides WHERE service = ?', [service]);
      return;
    }
    await this.db.run(
      'INSERT INTO status_page_overrides (service, status, set_by, set_at) VALUES (?, ?, ?, ?) ON CONFLICT (service) DO UPDATE SET status = excluded.status, set_by = excluded.set_by, set_at = excluded.set_at',
      [service, status, setBy, now],
    );
  }
}
