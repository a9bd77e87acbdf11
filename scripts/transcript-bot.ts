/**
 * Example bot: appends one line to an incident's transcript through the stock y-websocket
 * provider, the way any automation can join a room. The README shows and explains it.
 *
 *   node --import tsx scripts/transcript-bot.ts ws://localhost:3000/yjs inc-abc12345 <token> "deploy 4711 rolled back"
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { responderRoots, transcriptEntry } from '../shared/responderDoc.ts';

export async function appendTranscriptLine(serverUrl: string, incidentId: string, token: string, line: string, kind = 'note'): Promise<void> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(serverUrl, incidentId, doc, {
    // The token travels as a websocket subprotocol, which keeps it out of URLs and access logs.
    protocols: [token],
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      provider.once('sync', () => resolve());
      provider.on('connection-close', (event) => reject(new Error(`closed: ${event?.code} ${event?.reason}`)));
    });
    responderRoots(doc).transcript.push([transcriptEntry({ id: crypto.randomUUID(), at: Date.now(), kind, text: line })]);
    // Closing sends a close frame after the queued update, and the server stores what it
    // receives before it processes the close; waiting for the socket buffer to drain suffices.
    while ((provider.ws?.bufferedAmount ?? 0) > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  } finally {
    provider.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [url, incidentId, token, ...words] = process.argv.slice(2);
  if (!url || !incidentId || !token || words.length === 0) {
    process.stderr.write('usage: transcript-bot.ts <ws://host:port/yjs> <incident id> <token> <text…>\n');
    process.exit(2);
  }
  appendTranscriptLine(url, incidentId, token, words.join(' ')).then(
    () => process.exit(0),
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
  );
}
