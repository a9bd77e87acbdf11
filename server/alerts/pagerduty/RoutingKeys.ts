/**
 * Routing keys: what a PagerDuty Events API v2 client sends as its credential, one per roster
 * service. Only a SHA-256 of each key is stored, so a copy of the database sends no alerts.
 */
import type { CreatedRoutingKey, RoutingKeyView } from '../../../shared/alerts.ts';
import type { Person } from '../../../shared/incident.ts';
import { newId, randomAlnum } from '../../ids.ts';
import type { SqlDatabase } from '../../storage/sql/SqlDatabase.ts';
import { hashSecret } from '../../storage/tokens.ts';

/** PagerDuty's integration keys are 32 characters; clients may check the length. */
const KEY_LENGTH = 32;

interface Row {
  id: string;
  service: string;
  name: string;
  created_by: string;
  created_by_name: string | null;
  created_at: number;
}

const toView = (r: Row): RoutingKeyView => ({
  id: r.id,
  service: r.service,
  name: r.name,
  createdBy: { id: r.created_by, name: r.created_by_name ?? r.created_by },
  createdAt: new Date(r.created_at).toISOString(),
});

export class RoutingKeys {
  constructor(private readonly db: SqlDatabase) {}

  async create(input: { service: string; name: string; createdBy: Person }, now: number): Promise<CreatedRoutingKey> {
    const id = newId('rk');
    const routingKey = randomAlnum(KEY_LENGTH);
    await this.db.run('INSERT INTO alert_routing_keys (id, hash, service, name, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
      id,
      hashSecret(routingKey),
      input.service,
      input.name,
      input.createdBy.id,
      now,
    ]);
    return { id, service: input.service, name: input.name, createdBy: input.createdBy, createdAt: new Date(now).toISOString(), routingKey };
  }

  /** The keys not revoked, without their secrets. */
  async list(): Promise<RoutingKeyView[]> {
    const rows = await this.db.all<Row>(
      `SELECT k.id, k.service, k.name, k.created_by, u.name AS created_by_name, k.created_at
       FROM alert_routing_keys k LEFT JOIN users u ON u.id = k.created_by WHERE k.revoked_at IS NULL ORDER BY k.created_at, k.id`,
    );
    return rows.map(toView);
  }

  async revoke(id: string, now: number): Promise<boolean> {
    return (await this.db.run('UPDATE alert_routing_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [now, id])) > 0;
  }

  /** The live key a client sent, if it is one. */
  async find(routingKey: string): Promise<{ id: string; service: string } | undefined> {
    return this.db.get<{ id: string; service: string }>('SELECT id, service FROM alert_routing_keys WHERE hash = ? AND revoked_at IS NULL', [hashSecret(routingKey)]);
  }
}
