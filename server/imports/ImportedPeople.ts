/**
 * Accounts for people who have not signed in yet: a team moving over brings its people before they
 * ever open the room, and schedules and policies must name them. Such an account is a person (its
 * issuer is `import:<source>`, or `import:manual`; the people list shows where it came from) with
 * the person's email, one per email: the same email twice is the same person.
 */
import { newId } from '../ids.ts';
import type { CreatePerson } from '../../shared/imports.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';

export type CreatedPerson = { created: { id: string; name: string; email: string } } | { taken: { id: string; name: string } };

export class ImportedPeople {
  constructor(private readonly db: SqlDatabase) {}

  create(input: CreatePerson, now: number): Promise<CreatedPerson> {
    return this.db.transaction(async () => {
      // The lock provider sign-ins and chat identities take: one account per identity, whoever races.
      await this.db.lock('user-identity');
      const taken = await this.db.get<{ id: string; name: string }>(
        `SELECT id, name FROM users WHERE lower(email) = lower(?) AND merged_into IS NULL AND (issuer IS NULL OR issuer NOT LIKE 'chat:%') ORDER BY created_at LIMIT 1`,
        [input.email],
      );
      if (taken) return { taken };
      const id = newId('u');
      const issuer = `import:${input.source ?? 'manual'}`;
      const subject = input.externalId ?? input.email.toLowerCase();
      const clash = await this.db.get<{ id: string; name: string }>('SELECT id, name FROM users WHERE issuer = ? AND subject = ?', [issuer, subject]);
      if (clash) return { taken: clash };
      await this.db.run('INSERT INTO users (id, name, email, issuer, subject, created_at) VALUES (?, ?, ?, ?, ?, ?)', [id, input.name, input.email, issuer, subject, now]);
      return { created: { id, name: input.name, email: input.email } };
    });
  }
}
