/**
 * Typed reads of the state document, for the server (commands, exports) and the client
 * (hooks) alike. Values in its maps and arrays are plain JSON written whole by the server.
 */
import * as Y from 'yjs';
import type { IncidentSummary, Person } from './incident.ts';
import { StateRoot } from './documents.ts';
import { legacyDefinitions, statusCategory } from './incidentModel.ts';
import type { FieldValue, IncidentDefinitions, StatusCategory } from './incidentModel.ts';
import type { AlertRecord, IncidentEvent, IncidentMeta, PageRecord, RoleHolder, SmeEntry, StakeholderUpdate } from './documents.ts';
import type { SingleHolderRole } from './roles.ts';

export const stateMaps = (doc: Y.Doc) => ({
  meta: doc.getMap<IncidentMeta[keyof IncidentMeta]>(StateRoot.meta),
  roles: doc.getMap<RoleHolder>(StateRoot.roles),
  smes: doc.getMap<SmeEntry>(StateRoot.smes),
  events: doc.getArray<IncidentEvent>(StateRoot.events),
  updates: doc.getArray<StakeholderUpdate>(StateRoot.updates),
  people: doc.getMap<Person>(StateRoot.people),
  clients: doc.getMap<string>(StateRoot.clients),
  doorClients: doc.getMap<number>(StateRoot.doorClients),
  alerts: doc.getArray<AlertRecord>(StateRoot.alerts),
  pages: doc.getArray<PageRecord>(StateRoot.pages),
  publicFields: doc.getMap<FieldValue>(StateRoot.publicFields),
});
export type StateMaps = ReturnType<typeof stateMaps>;

/** The definitions an incident was declared with (issue 17); the default model's before there was one. */
export function definitionsOf(meta: Pick<IncidentMeta, 'definitions'>): IncidentDefinitions {
  return meta.definitions ?? legacyDefinitions();
}

/** What an incident's status means to rules, whatever its name (issue 17). */
export function statusCategoryOf(meta: Pick<IncidentMeta, 'status' | 'statusCategory' | 'definitions'>): StatusCategory {
  return meta.statusCategory ?? statusCategory(definitionsOf(meta), meta.status);
}

export function isResolved(meta: Pick<IncidentMeta, 'status' | 'statusCategory' | 'definitions'>): boolean {
  return statusCategoryOf(meta) === 'resolved';
}

/** The meta map as an object, or null while the document has not synced yet. */
export function readMeta(maps: StateMaps): IncidentMeta | null {
  if (!maps.meta.has('id')) return null;
  return maps.meta.toJSON() as IncidentMeta;
}

export function readRoles(maps: StateMaps): Partial<Record<SingleHolderRole, RoleHolder>> {
  return maps.roles.toJSON() as Partial<Record<SingleHolderRole, RoleHolder>>;
}

export function summarize(meta: IncidentMeta, roles: Partial<Record<SingleHolderRole, RoleHolder>>): IncidentSummary {
  const commander = roles.commander;
  return {
    id: meta.id,
    title: meta.title,
    severity: meta.severity,
    status: meta.status,
    statusCategory: statusCategoryOf(meta),
    type: meta.definitions?.type.key ?? 'default',
    service: meta.service,
    commander: commander ? { id: commander.id, name: commander.name } : null,
    createdAt: meta.createdAt,
    acknowledgedAt: meta.acknowledgedAt,
    mitigatedAt: meta.mitigatedAt ?? meta.resolvedAt,
    resolvedAt: meta.resolvedAt,
    private: meta.private === true,
    ...(meta.practice === true ? { practice: true } : {}),
  };
}

/** Who wrote a Yjs item, by the client id the server bound to a user when it first stored it. */
export function authorOfClient(doc: Y.Doc, client: number): Person | null {
  const maps = stateMaps(doc);
  const userId = maps.clients.get(String(client));
  return userId ? (maps.people.get(userId) ?? { id: userId, name: userId }) : null;
}
