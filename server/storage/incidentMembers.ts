/**
 * Who is in an incident (issue 13): the declarer, people added, everyone who held a role or was
 * paged for it. Kept for every incident, public ones too, so making one private needs no guess
 * at who was working it. Only accounts are members: a page may name an SME who has none.
 */
import type { IncidentMember } from '../../shared/incident.ts';
import type { SqlDatabase } from './sql/SqlDatabase.ts';

// The casts give PostgreSQL the types of parameters that are selected rather than inserted.
const ADD = `
  INSERT INTO incident_members (incident_id, user_id, added_by, added_at)
  SELECT CAST(? AS TEXT), id, CAST(? AS TEXT), CAST(? AS BIGINT) FROM users WHERE id = ?
  ON CONFLICT (incident_id, user_id) DO NOTHING`;

export class IncidentMembers {
  constructor(private readonly db: SqlDatabase) {}

  /** Adds those of `userIds` that are accounts and not members yet; answers how many were added. */
  async add(incidentId: string, userIds: Iterable<string>, addedBy: string, now: number): Promise<number> {
    let added = 0;
    for (const userId of new Set(userIds)) added += await this.db.run(ADD, [incidentId, addedBy, now, userId]);
    return added;
  }

  /** Whether they were a member. */
  async remove(incidentId: string, userId: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM incident_members WHERE incident_id = ? AND user_id = ?', [incidentId, userId])) > 0;
  }

  list(incidentId: string): Promise<IncidentMember[]> {
    return this.db.all<IncidentMember>(
      `SELECT u.id, u.name, m.added_by AS "addedBy", m.added_at AS "addedAt"
       FROM incident_members m JOIN users u ON u.id = m.user_id
       WHERE m.incident_id = ? ORDER BY m.added_at, u.name`,
      [incidentId],
    );
  }

  async ids(incidentId: string): Promise<string[]> {
    return (await this.db.all<{ user_id: string }>('SELECT user_id FROM incident_members WHERE incident_id = ?', [incidentId])).map((r) => r.user_id);
  }
}
