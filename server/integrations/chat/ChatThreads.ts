/**
 * Where each incident is discussed in each chat tool (issue 14): a thread in the announcement
 * channel, whose root is the bot's first post about it, or a channel of its own. Posts about an
 * incident go there; a command typed there, or a pinned message, belongs to that incident.
 */
import type { SqlDatabase } from '../../storage/sql/SqlDatabase.ts';
import type { ChatPlace, ChatTool } from './chatTypes.ts';

export class ChatThreads {
  constructor(private readonly db: SqlDatabase) {}

  async of(tool: ChatTool, incidentId: string): Promise<ChatPlace | null> {
    const row = await this.db.get<{ channel: string; thread: string | null }>('SELECT channel, thread FROM chat_threads WHERE tool = ? AND incident_id = ?', [tool, incidentId]);
    return row ? { channel: row.channel, thread: row.thread } : null;
  }

  /** The incident discussed at a place: its thread, or the channel that is its own. */
  async incidentAt(tool: ChatTool, place: ChatPlace): Promise<string | null> {
    const row = await this.db.get<{ incident_id: string }>(
      `SELECT incident_id FROM chat_threads WHERE tool = ? AND channel = ? AND (thread IS NULL OR thread = ?)
       ORDER BY thread IS NULL LIMIT 1`,
      [tool, place.channel, place.thread ?? ''],
    );
    return row?.incident_id ?? null;
  }

  /** Records where the incident is discussed; the first record stays (a retried post does not move it). */
  async record(tool: ChatTool, incidentId: string, place: ChatPlace, now: number): Promise<ChatPlace> {
    await this.db.run('INSERT INTO chat_threads (tool, incident_id, channel, thread, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING', [
      tool,
      incidentId,
      place.channel,
      place.thread,
      now,
    ]);
    return (await this.of(tool, incidentId))!;
  }
}
