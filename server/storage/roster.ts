import type { ServiceEntry, ServiceRoster } from '../../shared/roster.ts';
import type { SqlDatabase } from './sql/SqlDatabase.ts';

interface Row {
  service: string;
  roster: string;
  updatedAt: number;
}

const toEntry = (r: Row): ServiceEntry => ({ service: r.service, updatedAt: r.updatedAt, ...(JSON.parse(r.roster) as ServiceRoster) });

/** The on-call roster, one row per service with its roster as JSON (validated on the way in). */
export class Roster {
  constructor(private readonly db: SqlDatabase) {}

  async get(service: string): Promise<ServiceEntry | undefined> {
    const row = await this.db.get<Row>('SELECT service, roster, updated_at AS "updatedAt" FROM services WHERE service = ?', [service]);
    return row && toEntry(row);
  }

  async list(): Promise<ServiceEntry[]> {
    return (await this.db.all<Row>('SELECT service, roster, updated_at AS "updatedAt" FROM services ORDER BY service')).map(toEntry);
  }

  async put(service: string, roster: ServiceRoster, now: number): Promise<ServiceEntry> {
    await this.db.run(
      'INSERT INTO services (service, roster, updated_at) VALUES (?, ?, ?) ON CONFLICT (service) DO UPDATE SET roster = excluded.roster, updated_at = excluded.updated_at',
      [service, JSON.stringify(roster), now],
    );
    return { service, updatedAt: now, ...roster };
  }

  /** The services whose roster names the escalation policy. */
  async namingPolicy(policyId: string): Promise<string[]> {
    return (await this.list()).filter((e) => e.escalationPolicyId === policyId).map((e) => e.service);
  }

  async remove(service: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM services WHERE service = ?', [service])) > 0;
  }
}
