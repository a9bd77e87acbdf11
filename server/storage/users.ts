/**
 * People's accounts. Three kinds share the table: accounts from the OpenID provider (one per
 * issuer and subject, whatever device signs in), invite accounts (a name picked at sign-in,
 * unique case-insensitively among invite accounts), and the identities behind per-incident
 * tokens and automation, which are not people and are never listed as such (issue 13).
 */
import type { Person } from '../../shared/incident.ts';
import type { PersonAccount, UserListing } from '../../shared/api.ts';
import type { SqlDatabase } from './sql/SqlDatabase.ts';
import { newId } from '../ids.ts';

/** What the authenticator needs to know about an account at each request. */
export interface AccountState extends Person {
  admin: boolean;
  deactivatedAt: number | null;
}

interface Row {
  id: string;
  name: string;
  email: string | null;
  issuer: string | null;
  subject: string | null;
  admin: number;
  created_at: number;
  last_sign_in_at: number | null;
  deactivated_at: number | null;
}

/**
 * A person is an account from the provider or one that has signed in through an invite (it has
 * sessions); token identities never have either. (A `kind` column would say it directly.)
 */
const IS_PERSON = '(issuer IS NOT NULL OR EXISTS (SELECT 1 FROM sessions WHERE sessions.user_id = users.id))';

/** Names compared as people read them: "ana" and "Ana" are one name (Unicode-aware, unlike SQLite's lower()). */
export const sameName = (a: string, b: string) => a.normalize('NFC').localeCompare(b.normalize('NFC'), undefined, { sensitivity: 'accent' }) === 0;

export class Users {
  constructor(private readonly db: SqlDatabase) {}

  /** An identity that is not a person (the holder of a per-incident token). */
  async create(name: string, now: number): Promise<Person> {
    const person = { id: newId('u'), name };
    await this.db.run('INSERT INTO users (id, name, created_at) VALUES (?, ?, ?)', [person.id, name, now]);
    return person;
  }

  /**
   * A new invite account, unless an invite account already has the name (answered with the name
   * as it is spelled there): a second "Carla" from her phone was refused her own roles (issue
   * 13). `start` (the session) runs in the same transaction under the names lock, so two people
   * racing for one name cannot both win.
   */
  createInvited<T>(name: string, now: number, start: (person: Person) => Promise<T>): Promise<{ created: T } | { taken: string }> {
    return this.db.transaction(async () => {
      await this.db.lock('user-names');
      const invited = await this.db.all<{ name: string }>(`SELECT name FROM users WHERE issuer IS NULL AND (id = 'u-automation' OR ${IS_PERSON})`);
      const taken = invited.find((row) => sameName(row.name, name));
      if (taken) return { taken: taken.name };
      const person = { id: newId('u'), name };
      await this.db.run('INSERT INTO users (id, name, created_at, last_sign_in_at) VALUES (?, ?, ?, ?)', [person.id, name, now, now]);
      return { created: await start(person) };
    });
  }

  /**
   * The one account of (issuer, subject), made on first sign-in; name, email and admin are the
   * provider's and refreshed at each sign-in, except on a deactivated account, which stays as
   * it was deactivated.
   */
  fromProvider(input: { issuer: string; subject: string; name: string; email: string | null; emailVerified: boolean; admin: boolean; now: number }): Promise<AccountState> {
    return this.db.transaction(async () => {
      await this.db.lock('user-identity');
      const row = await this.db.getLocked<Row>('SELECT * FROM users WHERE issuer = ? AND subject = ?', [input.issuer, input.subject]);
      if (row?.deactivated_at != null) return toState(row);
      if (row) {
        await this.db.run('UPDATE users SET name = ?, email = ?, admin = ?, last_sign_in_at = ? WHERE id = ?', [
          input.name,
          input.email,
          input.admin ? 1 : 0,
          input.now,
          row.id,
        ]);
        return { id: row.id, name: input.name, admin: input.admin, deactivatedAt: null };
      }
      // Someone brought over from PagerDuty or Opsgenie (issue 19) signs in for the first time: the
      // provider's verified email claims that account, with its schedules and rules, rather than
      // making a second one. An unverified email claims nothing: anyone could type it.
      const imported =
        input.email && input.emailVerified
          ? await this.db.getLocked<Row>("SELECT * FROM users WHERE issuer LIKE 'import:%' AND lower(email) = lower(?) AND deactivated_at IS NULL", [input.email])
          : undefined;
      if (imported) {
        await this.db.run('UPDATE users SET name = ?, issuer = ?, subject = ?, admin = ?, last_sign_in_at = ? WHERE id = ?', [
          input.name,
          input.issuer,
          input.subject,
          input.admin ? 1 : 0,
          input.now,
          imported.id,
        ]);
        return { id: imported.id, name: input.name, admin: input.admin, deactivatedAt: null };
      }
      const id = newId('u');
      await this.db.run(
        'INSERT INTO users (id, name, email, issuer, subject, admin, created_at, last_sign_in_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [id, input.name, input.email, input.issuer, input.subject, input.admin ? 1 : 0, input.now, input.now],
      );
      return { id, name: input.name, admin: input.admin, deactivatedAt: null };
    });
  }

  async recordSignIn(id: string, now: number): Promise<void> {
    await this.db.run('UPDATE users SET last_sign_in_at = ? WHERE id = ?', [now, id]);
  }

  /** Makes sure a fixed identity (the automation user) exists. */
  async ensure(person: Person, now: number): Promise<void> {
    await this.db.run('INSERT INTO users (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING', [person.id, person.name, now]);
  }

  /**
   * Everyone who can be picked (roster, hand-offs), deactivated people left out. Accounts from the
   * provider keep its names; where two share one, the email tells them apart (issue 13).
   */
  async list(limit = 1000): Promise<UserListing[]> {
    const rows = await this.db.all<Row>('SELECT * FROM users WHERE deactivated_at IS NULL ORDER BY name LIMIT ?', [limit]);
    return rows.map((r) => {
      const shared = rows.some((o) => o.id !== r.id && sameName(o.name, r.name));
      return shared && r.email ? { id: r.id, name: r.name, email: r.email } : { id: r.id, name: r.name };
    });
  }

  get(id: string): Promise<Person | undefined> {
    return this.db.get<Person>('SELECT id, name FROM users WHERE id = ?', [id]);
  }

  async state(id: string): Promise<AccountState | undefined> {
    const row = await this.db.get<Row>('SELECT * FROM users WHERE id = ?', [id]);
    return row && toState(row);
  }

  /** People for administration (issue 13): accounts from the provider and invite accounts. */
  async people(limit = 10_000): Promise<PersonAccount[]> {
    const rows = await this.db.all<Row>(`SELECT * FROM users WHERE ${IS_PERSON} ORDER BY name LIMIT ?`, [limit]);
    return rows.map(toAccount);
  }

  async person(id: string): Promise<PersonAccount | undefined> {
    const row = await this.db.get<Row>(`SELECT * FROM users WHERE id = ? AND ${IS_PERSON}`, [id]);
    return row && toAccount(row);
  }

  /** Sets or clears deactivation; answers whether it changed anything. */
  async setDeactivated(id: string, at: number | null): Promise<boolean> {
    const changed =
      at === null
        ? await this.db.run('UPDATE users SET deactivated_at = NULL WHERE id = ? AND deactivated_at IS NOT NULL', [id])
        : await this.db.run('UPDATE users SET deactivated_at = ? WHERE id = ? AND deactivated_at IS NULL', [at, id]);
    return changed > 0;
  }
}

const toState = (r: Row): AccountState => ({ id: r.id, name: r.name, admin: r.admin === 1, deactivatedAt: r.deactivated_at });

const toAccount = (r: Row): PersonAccount => ({
  id: r.id,
  name: r.name,
  email: r.email,
  issuer: r.issuer ?? 'invite',
  admin: r.admin === 1,
  createdAt: r.created_at,
  lastSignInAt: r.last_sign_in_at,
  deactivatedAt: r.deactivated_at,
});
