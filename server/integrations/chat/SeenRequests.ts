/**
 * Requests a chat tool may send more than once (Slack retries an event it did not see answered
 * within 3 s, with the same event id): each is acted on once across the cluster. A request is
 * claimed before it is handled and marked done after; a failed one is released so the tool's
 * retry can do it, and a claim left by a node that died is taken again after CLAIM_STALE_MS.
 */
import type { SqlDatabase } from '../../storage/sql/SqlDatabase.ts';
import type { ChatTool } from './chatTypes.ts';

const CLAIM_STALE_MS = 60_000;

export class SeenRequests {
  constructor(private readonly db: SqlDatabase) {}

  /** True when this caller should handle the request; false when it is done or in hand elsewhere. */
  async claim(tool: ChatTool, requestId: string, now: number): Promise<boolean> {
    const inserted = await this.db.run('INSERT INTO chat_requests_seen (tool, request_id, claimed_at, done_at) VALUES (?, ?, ?, NULL) ON CONFLICT DO NOTHING', [tool, requestId, now]);
    if (inserted > 0) return true;
    const retaken = await this.db.run('UPDATE chat_requests_seen SET claimed_at = ? WHERE tool = ? AND request_id = ? AND done_at IS NULL AND claimed_at <= ?', [
      now,
      tool,
      requestId,
      now - CLAIM_STALE_MS,
    ]);
    return retaken > 0;
  }

  async done(tool: ChatTool, requestId: string, now: number): Promise<void> {
    await this.db.run('UPDATE chat_requests_seen SET done_at = ? WHERE tool = ? AND request_id = ?', [now, tool, requestId]);
  }

  async release(tool: ChatTool, requestId: string): Promise<void> {
    await this.db.run('DELETE FROM chat_requests_seen WHERE tool = ? AND request_id = ? AND done_at IS NULL', [tool, requestId]);
  }
}
