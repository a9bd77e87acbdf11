/**
 * The only writer of state documents. A change decides and writes on the latest stored state
 * under the document's lock (exact across nodes), in one transaction that appends the Yjs
 * update and refreshes the incident's row in the lobby table; it is relayed only after that
 * commits. A change that gives someone a role, or pages them, makes them a member of the incident
 * in the same transaction (issue 13), so whoever works a private incident sees it.
 */
import type { IncidentSummary, Person } from '../../shared/incident.ts';
import { stateDocName } from '../../shared/documents.ts';
import type { IncidentEvent } from '../../shared/documents.ts';
import { readMeta, readRoles, stateMaps, summarize } from '../../shared/stateDoc.ts';
import type { StateMaps } from '../../shared/stateDoc.ts';
import type { SqlDatabase } from '../storage/sql/SqlDatabase.ts';
import type { Incidents } from '../storage/incidents.ts';
import type { IncidentMembers } from '../storage/incidentMembers.ts';
import type { RoomRegistry } from '../sync/RoomRegistry.ts';
import type { Room } from '../sync/Room.ts';
import type { WriteQueue } from '../sync/WriteQueue.ts';
import { newId } from '../ids.ts';
import { CommandError } from '../commands/CommandError.ts';

/** An event as a handler describes it; id, time and actor are filled in here. */
export type EventDraft = IncidentEvent extends infer E ? (E extends IncidentEvent ? Omit<E, 'id' | 'at' | 'actor'> : never) : never;

export interface StateChange {
  maps: StateMaps;
  now: number;
  /** Appends an event to the timeline. */
  record(event: EventDraft): void;
  /** Makes the person a member of the incident (role holders become members without asking). */
  admit(person: Person): void;
}

/** Who hears of a change in the lobby: everyone (null), or a private incident's members (issue 13). */
export type LobbyAudience = readonly string[] | null;

/**
 * Hears a change's timeline events inside its transaction (issue 14: event webhooks), so what
 * it writes, such as outbox rows, commits with the events or not at all.
 */
export type EventFeed = (summary: IncidentSummary, events: readonly IncidentEvent[], maps: StateMaps) => Promise<void>;

export class IncidentStateWriter {
  constructor(
    private readonly db: SqlDatabase,
    private readonly writes: WriteQueue,
    private readonly registry: RoomRegistry,
    private readonly incidents: Incidents,
    private readonly members: IncidentMembers,
    private readonly now: () => number,
    private readonly onChanged: (summary: IncidentSummary, audience: LobbyAudience) => void,
    private readonly feed: EventFeed | null = null,
  ) {}

  /** Runs several changes as one: all stored, or none. */
  atomically<T>(fn: () => Promise<T>): Promise<T> {
    return this.writes.run(fn);
  }

  /** The state maps of an incident as stored now, for showing; decisions belong inside `change`. */
  async read(incidentId: string): Promise<StateMaps> {
    return stateMaps((await this.registry.current(stateDocName(incidentId))).doc);
  }

  /**
   * Applies fn as `actor` on the latest stored state, with nobody else appending until it is
   * stored. fn reads what it decides on from `maps`, refuses by throwing before its first write,
   * and must validate everything before it writes.
   */
  change<T>(incidentId: string, actor: Person, fn: (change: StateChange) => T): Promise<T> {
    return this.writes.run(async () => {
      const room = await this.registry.get(stateDocName(incidentId));
      const release = room.hold();
      try {
        return await this.changeHeld(room, incidentId, actor, fn);
      } finally {
        release();
      }
    });
  }

  private async changeHeld<T>(room: Room, incidentId: string, actor: Person, fn: (change: StateChange) => T): Promise<T> {
    this.registry.touch(room);
    await room.catchUp(true);
    // Commands grow the log too; automation is exempt from the command rate, never from this.
    if (room.isFull()) throw new CommandError('conflict', 'this incident has reached its stored size limit (MAX_DOC_BYTES); export it and declare a follow-up');
    const now = this.now();
    const maps = stateMaps(room.doc);
    const heldBefore = new Map([...maps.roles.entries()].map(([role, holder]) => [role, holder.id]));
    const joining = new Set<string>();
    const recorded: IncidentEvent[] = [];
    const value = room.change(actor.id, () => {
      const result = fn({
        maps,
        now,
        record: (draft) => {
          const event = { ...draft, id: newId('ev'), at: now, actor } as IncidentEvent;
          recorded.push(event);
          maps.events.push([event]);
        },
        admit: (person) => joining.add(person.id),
      });
      if (!maps.people.has(actor.id)) maps.people.set(actor.id, { id: actor.id, name: actor.name });
      return result;
    });
    for (const [role, holder] of maps.roles.entries()) if (heldBefore.get(role) !== holder.id) joining.add(holder.id);
    if (joining.size > 0) await this.members.add(incidentId, joining, actor.id, now);
    const meta = readMeta(maps);
    if (meta) {
      const summary = summarize(meta, readRoles(maps));
      await this.incidents.save(summary);
      const audience = summary.private ? await this.members.ids(incidentId) : null;
      // A drill (issue 22) is heard by nobody outside its room: no webhooks, chat or status page.
      if (this.feed && recorded.length > 0 && maps.meta.get('practice') !== true) await this.feed(summary, recorded, maps);
      // Inside an outer transaction (declare), the lobby hears of it only once it is committed.
      this.db.afterCommit(() => this.onChanged(summary, audience));
    }
    return value;
  }

  /** Adds a person to the incident's participants once, so their name shows beside their writing. */
  async ensureParticipant(incidentId: string, person: Person): Promise<void> {
    const known = (await this.read(incidentId)).people.get(person.id);
    if (known && known.name === person.name) return;
    await this.writes.run(async () => {
      const room = await this.registry.get(stateDocName(incidentId));
      room.change(person.id, () => stateMaps(room.doc).people.set(person.id, { id: person.id, name: person.name }));
    });
  }
}
