/**
 * The only writer of state documents. A change runs in one SQLite transaction that appends
 * the Yjs update and refreshes the incident's row in the lobby table, and is relayed to
 * clients only after that commits.
 */
import type { IncidentSummary, Person } from '../../shared/incident.ts';
import { stateDocName } from '../../shared/documents.ts';
import type { IncidentEvent } from '../../shared/documents.ts';
import { readMeta, readRoles, stateMaps, summarize } from '../../shared/stateDoc.ts';
import type { StateMaps } from '../../shared/stateDoc.ts';
import type { Database } from '../storage/database.ts';
import type { Incidents } from '../storage/incidents.ts';
import type { RoomRegistry } from '../sync/RoomRegistry.ts';
import { newId } from '../ids.ts';

/** An event as a handler describes it; id, time and actor are filled in here. */
export type EventDraft = IncidentEvent extends infer E ? (E extends IncidentEvent ? Omit<E, 'id' | 'at' | 'actor'> : never) : never;

export interface StateChange {
  maps: StateMaps;
  now: number;
  /** Appends an event to the timeline. */
  record(event: EventDraft): void;
}

export class IncidentStateWriter {
  constructor(
    private readonly db: Database,
    private readonly registry: RoomRegistry,
    private readonly incidents: Incidents,
    private readonly now: () => number,
    private readonly onChanged: (summary: IncidentSummary) => void,
  ) {}

  /** Runs several changes as one: all stored, or none. */
  atomically<T>(fn: () => T): T {
    return this.db.transaction(fn);
  }

  /** The state maps of an incident, for reading before deciding on a change. */
  read(incidentId: string): StateMaps {
    const room = this.registry.get(stateDocName(incidentId));
    this.registry.touch(room);
    return stateMaps(room.doc);
  }

  /** Applies fn as `actor`. fn must have validated everything before its first write. */
  change<T>(incidentId: string, actor: Person, fn: (change: StateChange) => T): T {
    const room = this.registry.get(stateDocName(incidentId));
    this.registry.touch(room);
    const now = this.now();
    const maps = stateMaps(room.doc);
    let summary: IncidentSummary | null = null;
    const result = this.db.transaction(() => {
      const value = room.change(actor.id, () => {
        if (!maps.people.has(actor.id)) maps.people.set(actor.id, { id: actor.id, name: actor.name });
        return fn({
          maps,
          now,
          record: (event) => maps.events.push([{ ...event, id: newId('ev'), at: now, actor } as IncidentEvent]),
        });
      });
      const meta = readMeta(maps);
      if (meta) {
        summary = summarize(meta, readRoles(maps));
        this.incidents.save(summary);
      }
      return value;
    });
    const changed: IncidentSummary | null = summary;
    // Inside an outer transaction (declare), the lobby hears of it only once it is committed.
    if (changed) this.db.afterCommit(() => this.onChanged(changed));
    return result;
  }

  /** Adds a person to the incident's participants once, so their name shows beside their writing. */
  ensureParticipant(incidentId: string, person: Person): void {
    const maps = this.read(incidentId);
    const known = maps.people.get(person.id);
    if (known && known.name === person.name) return;
    const room = this.registry.get(stateDocName(incidentId));
    this.db.transaction(() => room.change(person.id, () => maps.people.set(person.id, { id: person.id, name: person.name })));
  }
}
