/**
 * The JSON export of an incident (`GET /api/incidents/<id>/export.json`, and replay at a moment).
 * Its shape is a public interface, documented in the README and versioned by `formatVersion`.
 */
import type { Person } from './incident.ts';
import type { FieldValue } from './incidentModel.ts';
import type { AlertRecord, IncidentEvent, IncidentMeta, PageRecord, RoleHolder, SmeEntry, StakeholderUpdate } from './documents.ts';

export interface IncidentExport {
  formatVersion: 1;
  exportedAt: number;
  incident: IncidentMeta;
  /** Custom field values by key (issue 17); their definitions are in `incident.definitions`. */
  fields: Record<string, FieldValue>;
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
