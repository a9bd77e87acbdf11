/**
 * A person's contact methods and notification rules (issue 18). Rules may only name the person's
 * own methods; removing a method takes it out of the rules in the same transaction, so a stored
 * rule never names a method that is gone (a rule left empty goes with it).
 */
import { MAX_CONTACT_METHODS } from '../../shared/notifications.ts';
import type { ContactMethod, ContactMethodInput, ContactMethodType, NotificationRule, NotificationRules } from '../../shared/notifications.ts';
import { CommandError } from '../commands/CommandError.ts';
import { newId } from '../ids.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';

interface MethodRow {
  id: string;
  user_id: string;
  type: ContactMethodType;
  address: string;
  created_at: number;
  created_by: string;
}

const toMethod = (r: MethodRow): ContactMethod => ({ id: r.id, userId: r.user_id, type: r.type, address: r.address, createdAt: Number(r.created_at), createdBy: r.created_by });

export class NotificationSettings {
  constructor(private readonly db: SqlDatabase) {}

  async methods(userId: string): Promise<ContactMethod[]> {
    const rows = await this.db.all<MethodRow>('SELECT * FROM contact_methods WHERE user_id = ? ORDER BY seq', [userId]);
    return rows.map(toMethod);
  }

  /** Who has this address as a method of this type, among active accounts: a reply from a number is theirs only if they are one. */
  async ownersOf(type: ContactMethodType, address: string): Promise<string[]> {
    const rows = await this.db.all<{ user_id: string }>(
      'SELECT DISTINCT c.user_id FROM contact_methods c JOIN users u ON u.id = c.user_id WHERE c.type = ? AND c.address = ? AND u.deactivated_at IS NULL',
      [type, address],
    );
    return rows.map((r) => r.user_id);
  }

  async add(userId: string, input: ContactMethodInput, createdBy: string, now: number): Promise<ContactMethod> {
    return this.db.transaction(async () => {
      await this.db.lock(`contact-methods:${userId}`);
      const existing = await this.methods(userId);
      // Email addresses are case-insensitive in practice; the same one twice would page twice.
      const address = input.type === 'email' ? input.address.toLowerCase() : input.address;
      if (existing.some((m) => m.type === input.type && m.address === address)) throw new CommandError('conflict', `this person has that ${input.type} address already`);
      if (existing.length >= MAX_CONTACT_METHODS) throw new CommandError('conflict', `a person has at most ${MAX_CONTACT_METHODS} contact methods; remove one first`);
      const method: ContactMethod = { id: newId('cm'), userId, type: input.type, address, createdAt: now, createdBy };
      await this.db.run('INSERT INTO contact_methods (id, user_id, type, address, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)', [
        method.id,
        userId,
        method.type,
        address,
        now,
        createdBy,
      ]);
      return method;
    });
  }

  /** Removes one of the person's methods and every mention of it in their rules; undefined if they have no such method. */
  async remove(userId: string, id: string, now: number): Promise<ContactMethod | undefined> {
    return this.db.transaction(async () => {
      await this.db.lock(`contact-methods:${userId}`);
      const row = await this.db.get<MethodRow>('SELECT * FROM contact_methods WHERE id = ? AND user_id = ?', [id, userId]);
      if (!row) return undefined;
      await this.db.run('DELETE FROM contact_methods WHERE id = ?', [id]);
      const stored = await this.rules(userId);
      if (stored) {
        const without = (rules: NotificationRule[]) =>
          rules.map((r) => ({ ...r, contactMethodIds: r.contactMethodIds.filter((m) => m !== id) })).filter((r) => r.contactMethodIds.length > 0);
        const rules = without(stored.rules);
        const high = stored.highUrgencyRules && without(stored.highUrgencyRules);
        // Rules that no longer reach anyone are no rules: the default (first email) applies again.
        if (rules.length === 0) await this.db.run('DELETE FROM notification_rules WHERE user_id = ?', [userId]);
        else await this.writeRules(userId, { rules, ...(high?.length ? { highUrgencyRules: high } : {}) }, now);
      }
      return toMethod(row);
    });
  }

  async rules(userId: string): Promise<(NotificationRules & { updatedAt: number }) | null> {
    const row = await this.db.get<{ rules: string; updated_at: number }>('SELECT rules, updated_at FROM notification_rules WHERE user_id = ?', [userId]);
    return row ? { ...(JSON.parse(row.rules) as NotificationRules), updatedAt: Number(row.updated_at) } : null;
  }

  /** Stores the rules if every method they name is the person's own; answers whether they replaced earlier ones. */
  async putRules(userId: string, rules: NotificationRules, now: number): Promise<{ replaced: boolean }> {
    return this.db.transaction(async () => {
      await this.db.lock(`contact-methods:${userId}`);
      const own = new Set((await this.methods(userId)).map((m) => m.id));
      const named = [...rules.rules, ...(rules.highUrgencyRules ?? [])].flatMap((r) => r.contactMethodIds);
      const unknown = named.find((id) => !own.has(id));
      if (unknown) throw new CommandError('invalid', `contactMethodIds: ${unknown} is not one of this person's contact methods`);
      const replaced = (await this.rules(userId)) !== null;
      await this.writeRules(userId, rules, now);
      return { replaced };
    });
  }

  private async writeRules(userId: string, rules: NotificationRules, now: number): Promise<void> {
    await this.db.run(
      'INSERT INTO notification_rules (user_id, rules, updated_at) VALUES (?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at',
      [userId, JSON.stringify(rules), now],
    );
  }
}
