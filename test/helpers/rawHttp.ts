/** Raw bytes over TCP (node:net), for requests no HTTP client would send. */
import net from 'node:net';

export interface RawAnswer {
  /** Everything the server wrote before the connection closed. */
  text: string;
}

/**
 * Writes `request`, half-closes, and resolves with what came back once the server has closed
 * the connection. Rejects if it is still open after `timeoutMs`: an answer that never comes
 * (a hanging upgrade) is a failure of the server, not a slow test.
 */
export function sendRaw(port: number, request: string | Uint8Array, timeoutMs = 10_000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server left the connection open for ${timeoutMs} ms after: ${JSON.stringify(String(request).slice(0, 200))}`));
    }, timeoutMs);
    socket.on('data', (d) => chunks.push(d));
    // A reset is one way a server may refuse; what it wrote before counts.
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text: Buffer.concat(chunks).toString('latin1') });
    });
    socket.once('connect', () => socket.end(request));
  });
}

/** The status code of the first response in an answer, or null if none was written. */
export function statusOf(answer: RawAnswer): number | null {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(answer.text);
  return match ? Number(match[1]) : null;
}

/** A request from its request line and header lines, with the blank line that ends it. */
export function rawRequest(requestLine: string, headers: string[], body = ''): string {
  return [requestLine, ...headers, '', body].join('\r\n');
}

/** The headers of a websocket upgrade, for the endpoint at `host`. */
export const UPGRADE_HEADERS = ['Host: localhost', 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13'];
