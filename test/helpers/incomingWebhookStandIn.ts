/**
 * What the chat stand-ins share (issue 14): a vendor's incoming webhook on 127.0.0.1 that the
 * outbox posts to. Every request is recorded, answered or not, with the test clock's time, and
 * checked for what every vendor documents (a POST of JSON) and for the vendor's own shapes; a
 * request that breaks them is recorded as a violation and answered 400. Otherwise it answers as
 * the vendor does, unless a test scripted the next answers (429 with Retry-After, 500, 404…) or
 * took the vendor down, when everything is answered 500 until it is up again.
 */
import http from 'node:http';

export interface StandInAnswer {
  status: number;
  retryAfter?: string;
}

export interface RecordedRequest {
  method: string;
  /** The path without its query, which may hold a secret such as a signature. */
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: any;
  status: number;
  /** The test clock's time when it arrived, if the stand-in was given a clock. */
  at: number;
}

/** What sets one vendor's webhook apart. */
export interface Vendor {
  /** What is wrong with the request line and headers, by the vendor's documentation. */
  requestProblems(url: URL, headers: http.IncomingHttpHeaders, bytes: number): string[];
  /** What is wrong with a body that parsed as JSON, by the vendor's documentation. */
  bodyProblems(body: unknown): string[];
  /** How the vendor answers a request it took. */
  accepted: { status: number; headers?: Record<string, string>; body?: string };
  /** The JSON the vendor sends with a refusal. */
  refusal: string;
}

export interface IncomingWebhookStandIn {
  /** http://127.0.0.1:port, to which the vendor adds the webhook's path. */
  origin: string;
  requests: RecordedRequest[];
  violations: string[];
  /** The bodies the vendor took (answered with its success status), in order. */
  taken(): any[];
  /** Answers the next requests with these, in order; then as the vendor does again (or 500 while down). */
  answer(...answers: StandInAnswer[]): void;
  down(): void;
  up(): void;
  close(): Promise<void>;
}

export async function startIncomingWebhookStandIn(vendor: Vendor, options: { now?: () => number } = {}): Promise<IncomingWebhookStandIn> {
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const answers: StandInAnswer[] = [];
  let isDown = false;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const bytes = Buffer.concat(chunks);
      const raw = bytes.toString('utf8');
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const problems: string[] = [];
      if (req.method !== 'POST') problems.push(`${req.method} instead of POST`);
      if (!String(req.headers['content-type']).startsWith('application/json')) problems.push(`content-type ${req.headers['content-type']} is not application/json`);
      problems.push(...vendor.requestProblems(url, req.headers, bytes.length));
      let body: unknown;
      try {
        body = JSON.parse(raw);
        problems.push(...vendor.bodyProblems(body));
      } catch {
        problems.push('the body is not JSON');
      }
      violations.push(...problems.map((p) => `${req.method} ${url.pathname}: ${p}`));
      const answer = answers.shift() ?? (isDown ? { status: 500 } : problems.length > 0 ? { status: 400 } : { status: vendor.accepted.status });
      requests.push({ method: req.method ?? '', path: url.pathname, headers: req.headers, raw, body, status: answer.status, at: options.now?.() ?? Date.now() });
      if (answer.status === vendor.accepted.status) res.writeHead(answer.status, vendor.accepted.headers).end(vendor.accepted.body);
      else res.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.retryAfter ? { 'retry-after': answer.retryAfter } : {}) }).end(vendor.refusal);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    violations,
    taken: () => requests.filter((r) => r.status === vendor.accepted.status).map((r) => r.body),
    answer: (...more) => answers.push(...more),
    down: () => {
      isDown = true;
    },
    up: () => {
      isDown = false;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

// Building blocks of both vendors' body checks.
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isHttpUrl = (v: unknown) => typeof v === 'string' && /^https?:\/\/[^\s]+$/.test(v) && URL.canParse(v);
