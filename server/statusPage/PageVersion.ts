/**
 * When the page's cached rendering is stale (issue 21). What the page shows is counted in one
 * row (bumped in the transaction of each change), and the roster and silences, which other
 * modules write, are fingerprinted; one small query tells every node of a cluster the same.
 */
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';

export class PageVersion {
  constructor(private readonly db: SqlDatabase) {}

  async bump(): Promise<void> {
    await this.db.run('UPDATE status_page_version SET version = version + 1 WHERE id = 1');
  }

  async fingerprint(): Promise<string> {
    const row = await this.db.get<Record<string, unknown>>(
      `SELECT v.version AS version,
        (SELECT COUNT(*) FROM services) AS services, (SELECT MAX(updated_at) FROM services) AS roster_at,
        (SELECT COUNT(*) FROM silences) AS silences, (SELECT MAX(created_at) FROM silences) AS silence_at,
        (SELECT MAX(ended_early_at) FROM silences) AS silence_end
       FROM status_page_version v WHERE v.id = 1`,
    );
    return JSON.stringify(row ?? null);
  }
}
