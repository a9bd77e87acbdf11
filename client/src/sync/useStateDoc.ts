/**
 * The incident as the server arbitrated it: meta, roles, SMEs, updates, the timeline, pages,
 * attached alerts and the people who took part, read from the state document through the
 * shared readers.
 */
import { useMemo } from 'react';
import type * as Y from 'yjs';
import type { AlertRecord, IncidentEvent, IncidentMeta, PageRecord, RoleHolder, SmeEntry, StakeholderUpdate } from '../../../shared/documents.ts';
import type { Person } from '../../../shared/incident.ts';
import type { SingleHolderRole } from '../../../shared/roles.ts';
import { authorOfClient, readMeta, readRoles, stateMaps } from '../../../shared/stateDoc.ts';
import { roleOfHolderKey } from '../../../shared/incidentModel.ts';
import type { FieldValue } from '../../../shared/incidentModel.ts';
import { useDocVersion } from './useYjs.ts';

export interface IncidentState {
  meta: IncidentMeta | null;
  roles: Partial<Record<SingleHolderRole, RoleHolder>>;
  smes: SmeEntry[];
  updates: StakeholderUpdate[];
  events: IncidentEvent[];
  /** Who was paged, why, and whether they acknowledged. */
  pages: PageRecord[];
  /** Alerts from monitoring attached to the incident. */
  alerts: AlertRecord[];
  /** Everyone who took part, by name. */
  people: Person[];
  /** Values of the incident's public custom fields (issue 17); responders fetch the rest. */
  publicFields: Record<string, FieldValue>;
  /** The person the server bound a Yjs client id to, i.e. who wrote an item; null until bound. */
  authorOfClient(client: number): Person | null;
  /** The single-holder roles a user holds. */
  rolesOf(userId: string): SingleHolderRole[];
}

export function useStateDoc(doc: Y.Doc | null): IncidentState {
  const version = useDocVersion(doc);
  return useMemo(() => {
    if (!doc) {
      return { meta: null, roles: {}, smes: [], updates: [], events: [], pages: [], alerts: [], people: [], publicFields: {}, authorOfClient: () => null, rolesOf: () => [] };
    }
    const maps = stateMaps(doc);
    const roles = readRoles(maps);
    return {
      meta: readMeta(maps),
      roles,
      smes: [...maps.smes.values()].sort((a, b) => a.addedAt - b.addedAt),
      updates: maps.updates.toArray(),
      events: maps.events.toArray(),
      pages: maps.pages.toArray(),
      alerts: maps.alerts.toArray(),
      people: [...maps.people.values()].sort((a, b) => a.name.localeCompare(b.name)),
      publicFields: maps.publicFields.toJSON() as Record<string, FieldValue>,
      authorOfClient: (client: number) => authorOfClient(doc, client),
      rolesOf: (userId: string) =>
        (Object.entries(roles) as [string, RoleHolder][]).filter(([, h]) => h.id === userId).map(([key]) => roleOfHolderKey(key)),
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc, version]);
}
