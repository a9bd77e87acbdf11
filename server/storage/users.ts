import type { Person } from '../../shared/incident.ts';
import type { SqlDatabase } from './sql/SqlDatabase.ts';
import { newId } from '../ids.ts';

export class Users {
  constructor(private readonly db: SqlDatabase) {}

  async create(name: string, now: number): Promise<Person> {
    const person = { id: newId('u'), name };
    await this.db.run('INSERT INTO users (id, name, created_at) VALUES (?, ?, ?)', [person.id, name, now]);
    return person;
  }

  /** Makes sure a fixed identity (the automation user) exists. */
  async ensure(person: Person, now: number): Promise<void> {
    await this.db.run('INSERT INTO users (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING', [person.id, person.name, now]);
  }

  list(limit = 1000): Promise<Person[]> {
    return this.db.all<Person>('SELECT id, name FROM users ORDER BY name LIMIT ?', [limit]);
  }

  get(id: string): Promise<Person | undefined> {
    return this.db.get<Person>('SELECT id, name FROM users WHERE id = ?', [id]);
  }
}
