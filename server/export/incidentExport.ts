/**
 * The incident as one JSON document: everything the room holds, with authors resolved by the
 * server. Its shape is documented in the README and versioned by `formatVersion`.
 */
import type * as Y from 'yjs';
import type { Person } from '../../shared/incident.ts';
import type { AlertRecord, IncidentEvent, IncidentMeta, PageRecord, RoleHolder, SmeEntry, StakeholderUpdate } from '../../shared/documents.ts';
import { authorOfClient, readMeta, readRoles, stateMaps } from '../../shared/stateDoc.ts';
import { readActions, readChecklists, readTranscript, responderRoots } from '../../shared/responderDoc.ts';

export interface IncidentExport {
  formatVersion: 1;
  exportedAt: number;
  incident: IncidentMeta;
  roles: Partial<Record<string, RoleHolder>>;
  smes: SmeEntry[];
  people: Person[];
  events: IncidentEvent[];
  updates: StakeholderUpdate[];
  pages: PageRecord[];
  alerts: AlertRecord[];
  /** Per role, the checklist as it stands: text and whether it is done. */
  checklists: Record<string, Array<{ text: string; done: boolean }>>;
  transcript: Array<{ id: string; at: number; kind: string; text: string; author: Person | null }>;
  actions: Array<{ id: string; title: string; status: string; owner: Person | null; createdAt: number; author: Person | null }>;
  notes: string;
}

export function buildExport(stateDoc: Y.Doc, responderDoc: Y.Doc, now: number): IncidentExport {
  const maps = stateMaps(stateDoc);
  const meta = readMeta(maps);
  if (!meta) throw new Error('state document has no meta');
  const person = (id: string | null) => (id ? (maps.people.get(id) ?? { id, name: id }) : null);
  return {
    formatVersion: 1,
    exportedAt: now,
    incident: meta,
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
