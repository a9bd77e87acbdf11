/**
 * Relays stored updates to a room's connections, merged into one message. A burst of keystrokes
 * that arrived together then costs one write per receiver instead of one per keystroke per
 * receiver, which is where a fan-out spends its time (socket writes). Only stored updates are
 * handed to it.
 */
import * as Y from 'yjs';
import { encodeUpdate } from './messages.ts';
import type { Connection } from './Connection.ts';

export class UpdateRelay {
  private queue: Uint8Array[] = [];
  private origins = new Set<Connection | null>();
  private scheduled = false;

  constructor(
    /** Whether anyone would receive a relay: false once the room is gone or nobody is connected. */
    private readonly listened: () => boolean,
    private readonly broadcast: (message: Uint8Array, except: Connection | null) => void,
  ) {}

  /** Relays at the end of this turn of the event loop, with whatever else arrives in it. */
  later(update: Uint8Array, origin: Connection | null): void {
    this.add(update, origin);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Relays now, with anything queued before it: a batch from storage is a turn's worth already. */
  now(update: Uint8Array, origin: Connection | null): void {
    this.add(update, origin);
    this.flush();
  }

  private add(update: Uint8Array, origin: Connection | null): void {
    this.queue.push(update);
    this.origins.add(origin);
  }

  private flush(): void {
    this.scheduled = false;
    if (this.queue.length === 0) return;
    const updates = this.queue;
    const origins = this.origins;
    this.queue = [];
    this.origins = new Set();
    if (!this.listened()) return;
    const merged = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
    // One sender: skip echoing to it. Several: everyone gets all; applying a known update is a no-op.
    const except = origins.size === 1 ? origins.values().next().value! : null;
    this.broadcast(encodeUpdate(merged), except);
  }
}
