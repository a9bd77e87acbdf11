import type { SqlDatabase } from './sql/SqlDatabase.ts';

/**
 * Secrets every node of a cluster must share (the session key, a generated API token), kept in
 * the database. The first node to start creates each; the others read what it wrote.
 */
export class SharedSecrets {
  constructor(private readonly db: SqlDatabase) {}

  async readOrCreate(name: string, generate: () => string): Promise<{ value: string; created: boolean }> {
    const created = (await this.db.run('INSERT INTO secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING', [name, generate()])) === 1;
    const row = await this.db.get<{ value: string }>('SELECT value FROM secrets WHERE name = ?', [name]);
    return { value: row!.value, created };
  }
}
