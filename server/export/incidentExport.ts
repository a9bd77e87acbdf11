/**
 * The incident as one JSON document: everything the room holds, with authors resolved by the
 * server. Its shape is documented in the README and versioned by `formatVersion`.
 */
import type * as Y from 'yjs';
import type { IncidentExport } from '../../shared/incidentExport.ts';
import type { FieldValue } from '../../shared/incidentModel.ts';
import { authorOfClient, readMeta, readRoles, stateMaps } from '../../shared/stateDoc.ts';
import { readActions, readChecklists, readTranscript, responderRoots } from '../../shared/responderDoc.ts';


export function buildExport(stateDoc: Y.Doc, responderDoc: Y.Doc, now: number, fields: Record<string, FieldValue>): IncidentExport {
  const maps = stateMaps(stateDoc);
  const meta = readMeta(maps);
  if (!meta) throw new Error('state document has no meta');
  const person = (id: string | null) => (id ? (maps.people.get(id) ?? { id, name: id }) : null);
  return {
    formatVersion: 1,
    exportedAt: now,
    incident: meta,
    fields,
    roles: readRoles(maps),
    smes: [...maps.smes.values()],
    people: [...maps.people.values()],
    events: maps.events.toArray(),
    updates: maps.updates.toArray(),
    pages: maps.pages.toArray(),
    alerts: maps.alerts.toArray(),
    checklists: readChecklists(responderDoc),
    transcript: readTranscript(responderDoc).map(({ client, ...e }) => ({ ...e, author: authorOfClient(stateDoc, client) })),
    actions: readActions(responderDoc).map(({ client, owner, ...a }) => ({ ...a, owner: person(owner), author: authorOfClient(stateDoc, client) })),
    notes: responderRoots(responderDoc).notes.toString(),
  };
}
