/**
 * Writing transcript entries as a scribe does, and timing their arrival at readers.
 *
 * An entry is a Y.Map {id, at, kind, text: Y.Text} appended to the responder document's root
 * `transcript`. `at` is the writer's clock in epoch ms (with sub-ms precision); a reader's
 * observer subtracts it on receipt. Writer and readers run in this one process, so they read the
 * same clock.
 */
import * as Y from 'yjs';
import { transcriptEntry } from '../../shared/responderDoc.ts';
import type { BenchClient } from './clients.ts';
import type { LatencyRecorder } from './stats.ts';
import { nowEpochMs } from './wait.ts';

const KINDS = ['note', 'action', 'decision', 'question'] as const;

function scribeText(n: number): string {
  return `Checked the payments dashboard again (${n}): error rate still elevated, rolling back the last deploy`;
}

function newEntry(id: string, n: number, text: string): Y.Map<unknown> {
  return transcriptEntry({ id, at: nowEpochMs(), kind: KINDS[n % KINDS.length]!, text });
}

/** Appends one entry in its own transaction: one update on the wire. */
export function appendEntry(client: BenchClient, n: number, text = scribeText(n)): void {
  const entry = newEntry(`${client.doc.clientID}-${n}`, n, text);
  client.transcript.push([entry]);
}

/** Appends `count` entries in one transaction: one update, as a paste or an import would send. */
export function appendEntries(client: BenchClient, first: number, count: number): void {
  client.doc.transact(() => {
    const entries: Array<Y.Map<unknown>> = [];
    for (let n = first; n < first + count; n++) entries.push(newEntry(`${client.doc.clientID}-${n}`, n, scribeText(n)));
    client.transcript.push(entries);
  });
}

/**
 * Times every entry a reader receives from the moment its doc observer sees it. Entries already
 * present when the probe attaches are not counted. `route` picks the recorder by entry index
 * (e.g. steady phase, then burst), so one probe serves several phases.
 */
export class LatencyProbe {
  private seen: number;
  received = 0;

  constructor(
    client: BenchClient,
    private readonly route: (index: number) => LatencyRecorder | null,
  ) {
    const transcript = client.transcript;
    this.seen = transcript.length;
    transcript.observe(() => {
      const length = transcript.length;
      if (length <= this.seen) return;
      const now = nowEpochMs();
      for (let i = this.seen; i < length; i++) {
        const at = transcript.get(i).get('at');
        const recorder = this.route(i);
        if (recorder && typeof at === 'number') recorder.record(now - at);
      }
      this.received += length - this.seen;
      this.seen = length;
    });
  }
}
