/**
 * Transcript entries written by the server on a person's behalf (issue 14: a note or a pinned
 * message from chat). Doors never write documents; they issue `addTranscriptEntry`, and this
 * writes it into the responder document as that person, so the room, the export and the replay
 * name them exactly as if they had typed it in the room.
 *
 * Authorship in the responder document is the Yjs client id that created an item, bound to a
 * user in the state document's `clients`. The server keeps one client id per person per
 * incident for these writes (`doorClients`), bound like a browser's, and writes with it only
 * under the documents' locks on caught-up state, so two nodes never use one id at once.
 */
import * as Y from 'yjs';
import { responderDocName, stateDocName } from '../../shared/documents.ts';
import type { EntryKind } from '../../shared/documents.ts';
import type { Person } from '../../shared/incident.ts';
import { responderRoots, transcriptEntry } from '../../shared/responderDoc.ts';
import { stateMaps } from '../../shared/stateDoc.ts';
import type { RoomRegistry } from '../sync/RoomRegistry.ts';
import type { Room } from '../sync/Room.ts';
import type { WriteQueue } from '../sync/WriteQueue.ts';
import { CommandError } from '../commands/CommandError.ts';
import { newId } from '../ids.ts';

export interface EntryDraft {
  kind: EntryKind;
  text: string;
  at: number;
}

export class TranscriptWriter {
  constructor(
    private readonly writes: WriteQueue,
    private readonly registry: RoomRegistry,
  ) {}

  /** Appends the entry as `author`; resolves once it is stored (it is relayed after that). */
  add(incidentId: string, author: Person, draft: EntryDraft): Promise<{ entryId: string }> {
    return this.writes.run(async () => {
      const stateRoom = await this.registry.get(stateDocName(incidentId));
      const releaseState = stateRoom.hold();
      try {
        const room = await this.registry.get(responderDocName(incidentId));
        const release = room.hold();
        try {
          return await this.write(stateRoom, room, author, draft);
        } finally {
          release();
        }
      } finally {
        releaseState();
      }
    });
  }

  private async write(stateRoom: Room, room: Room, author: Person, draft: EntryDraft): Promise<{ entryId: string }> {
    // State document first, as every transaction takes them (WriteQueue's lock order).
    await this.locked(stateRoom);
    await this.locked(room);
    if (room.isFull()) throw new CommandError('conflict', 'this incident has reached its stored size limit (MAX_DOC_BYTES); export it and declare a follow-up');
    const client = this.doorClient(stateRoom, room, author);
    const entryId = newId('ent');
    // Yjs creates items with the document's client id: the person's, for this one change.
    const serverClient = room.doc.clientID;
    room.doc.clientID = client;
    try {
      room.change(author.id, () => {
        responderRoots(room.doc).transcript.push([transcriptEntry({ id: entryId, at: draft.at, kind: draft.kind, text: draft.text })]);
      });
    } finally {
      room.doc.clientID = serverClient;
    }
    return { entryId };
  }

  private async locked(room: Room): Promise<void> {
    this.registry.touch(room);
    await room.catchUp(true);
  }

  /** The client id this person's server-written entries use in this incident, bound on first use. */
  private doorClient(stateRoom: Room, room: Room, author: Person): number {
    const maps = stateMaps(stateRoom.doc);
    const known = maps.doorClients.get(author.id);
    if (known !== undefined) return known;
    let client: number;
    // Never an id someone already wrote with or the server's own.
    do client = Math.floor(Math.random() * 0xffffffff) + 1;
    while (maps.clients.has(String(client)) || Y.getState(room.doc.store, client) > 0 || client === room.doc.clientID);
    stateRoom.change(author.id, () => {
      maps.clients.set(String(client), author.id);
      maps.doorClients.set(author.id, client);
      if (!maps.people.has(author.id)) maps.people.set(author.id, { id: author.id, name: author.name });
    });
    return client;
  }
}
