/** Hand-built y-websocket frames, for tests that play a client the stock provider would never be. */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type WebSocket from 'ws';
import { responderRoots, transcriptEntry } from '../../shared/responderDoc.ts';

export function syncFrame(step: 0 | 1 | 2, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, step);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

/** A fixed time inside the range the server accepts, so the same text always makes the same bytes. */
const TRANSCRIPT_TIME = Date.UTC(2026, 0, 1);

/** An update that adds one transcript entry, made by a throwaway document. */
export function transcriptUpdate(text: string, clientID?: number): Uint8Array {
  const doc = new Y.Doc();
  if (clientID !== undefined) doc.clientID = clientID;
  responderRoots(doc).transcript.push([transcriptEntry({ id: text, at: TRANSCRIPT_TIME, kind: 'note', text })]);
  return Y.encodeStateAsUpdate(doc);
}

/** An update that writes fn's changes into a fresh document's roots. */
export function updateOf(fn: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  fn(doc);
  return Y.encodeStateAsUpdate(doc);
}

export function opened(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
}

/** A presence (awareness) message announcing one client's state; `state` is sent as JSON text. */
export function awarenessFrame(clientId: number, clock: number, state: unknown, rawJson?: string): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, clientId);
  encoding.writeVarUint(inner, clock);
  encoding.writeVarString(inner, rawJson ?? JSON.stringify(state));
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  return encoding.toUint8Array(e);
}
