import type { Person } from '../../shared/incident.ts';
import type { Database } from './database.ts';
import { newId } from '../ids.ts';

export class Users {
  private readonly byId;

  constructor(private readonly db: Database) {
    this.byId = db.sql.prepare('SELECT id, name FROM users WHERE id = ?');
  }

  create(name: string, now: number): Person {
    const person = { id: newId('u'), name };
    this.db.sql.prepare('INSERT INTO users (id, name, created_at) VALUES (?, ?, ?)').run(person.id, name, now);
    return person;
  }

  /** Makes sure a fixed identity (the automation user) exists. */
  ensure(person: Person, now: number): void {
    this.db.sql.prepare('INSERT OR IGNORE INTO users (id, name, created_at) VALUES (?, ?, ?)').run(person.id, person.name, now);
  }

  list(limit = 1000): Person[] {
    return this.db.sql.prepare('SELECT id, name FROM users ORDER BY name LIMIT ?').all(limit) as Person[];
  }

  get(id: string): Person | undefined {
    return this.byId.get(id) as Person | undefined;
  }
}
