import type { ServiceEntry, ServiceRoster } from '../../shared/roster.ts';
import type { Database } from './database.ts';

/** The on-call roster, one row per service with its roster as JSON (validated on the way in). */
export class Roster {
  constructor(private readonly db: Database) {}

  get(service: string): ServiceEntry | undefined {
    const row = this.db.sql.prepare('SELECT service, roster, updated_at AS updatedAt FROM services WHERE service = ?').get(service) as
      | { service: string; roster: string; updatedAt: number }
      | undefined;
    return row && { service: row.service, updatedAt: row.updatedAt, ...(JSON.parse(row.roster) as ServiceRoster) };
  }

  list(): ServiceEntry[] {
    const rows = this.db.sql.prepare('SELECT service, roster, updated_at AS updatedAt FROM services ORDER BY service').all() as Array<{
      service: string;
      roster: string;
      updatedAt: number;
    }>;
    return rows.map((r) => ({ service: r.service, updatedAt: r.updatedAt, ...(JSON.parse(r.roster) as ServiceRoster) }));
  }

  put(service: string, roster: ServiceRoster, now: number): ServiceEntry {
    this.db.sql
      .prepare('INSERT INTO services (service, roster, updated_at) VALUES (?, ?, ?) ON CONFLICT (service) DO UPDATE SET roster = excluded.roster, updated_at = excluded.updated_at')
      .run(service, JSON.stringify(roster), now);
    return { service, updatedAt: now, ...roster };
  }

  remove(service: string): boolean {
    return this.db.sql.prepare('DELETE FROM services WHERE service = ?').run(service).changes > 0;
  }
}
