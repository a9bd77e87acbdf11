/**
 * A local HTTP receiver whose answers a test scripts (issue 14): it fails, answers 429 with
 * Retry-After, or holds a request open, as a test tells it, and records every request with its
 * raw body and headers, answered or not.
 */
import http from 'node:http';

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  /** Never answers: the request stays open until the receiver closes (a slow target). */
  hang?: boolean;
}

export interface ReceivedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: any;
  status: number;
}

export interface ScriptedReceiver {
  url: string;
  /** Every request, in arrival order, with the status it was answered with. */
  requests: ReceivedRequest[];
  /** The bodies of the requests answered 2xx. */
  delivered(): any[];
  /** Answers the next requests with these, in order; afterwards 200 again. */
  script(...answers: Answer[]): void;
  close(): Promise<void>;
}

export async function startScriptedReceiver(): Promise<ScriptedReceiver> {
  const requests: ReceivedRequest[] = [];
  const answers: Answer[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const answer = answers.shift() ?? { status: 200 };
      requests.push({ path: req.url ?? '/', headers: req.headers, raw, body: JSON.parse(raw), status: answer.hang ? 0 : answer.status });
      if (!answer.hang) res.writeHead(answer.status, answer.headers).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    delivered: () => requests.filter((r) => r.status >= 200 && r.status < 300).map((r) => r.body),
    script: (...more) => answers.push(...more),
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}
