/**
 * The load balancer of the drill, as README's "Running a cluster" asks for one: `/socket.io/` is
 * sticky by a cookie the balancer sets (socket.io's long-polling requests of one session must reach
 * one node), everything else (the app, `/api`, the Yjs websockets) goes round robin. A node that
 * refuses the connection is skipped, and a sticky browser moves to the next live node. It listens
 * before the nodes start, because their PUBLIC_URL is its address.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

const COOKIE = 'drill_node';

export interface StickyBalancer {
  /** The browsers' address: `http://localhost:<port>`, PUBLIC_URL of every node. */
  url: string;
  port: number;
  setBackends(ports: number[]): void;
  close(): Promise<void>;
}

export async function startStickyBalancer(): Promise<StickyBalancer> {
  let backends: number[] = [];
  let next = 0;
  const open = new Set<net.Socket>();

  const stickyIndex = (req: http.IncomingMessage): number | null => {
    if (!(req.url ?? '').startsWith('/socket.io/')) return null;
    const match = new RegExp(`(?:^|;\\s*)${COOKIE}=(\\d+)`).exec(req.headers.cookie ?? '');
    const index = match ? Number(match[1]) : NaN;
    return index >= 0 && index < backends.length ? index : null;
  };
  const roundRobin = () => {
    const index = next;
    next = (next + 1) % backends.length;
    return index;
  };

  /** Connects to backend `first`, or the following ones that accept; null if none does. */
  const connect = (first: number): Promise<{ socket: net.Socket; index: number } | null> =>
    new Promise((resolve) => {
      const attempt = (index: number, tried: number) => {
        if (tried === backends.length) return resolve(null);
        const socket = net.connect(backends[index]!, '127.0.0.1');
        socket.once('connect', () => resolve({ socket, index }));
        socket.once('error', () => {
          socket.destroy();
          attempt((index + 1) % backends.length, tried + 1);
        });
      };
      attempt(first, 0);
    });

  const track = (socket: net.Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
  };

  /** The request head as received, for an upgrade passed through as bytes. */
  const upgradeHead = (req: http.IncomingMessage): string => {
    const lines = [`${req.method} ${req.url} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    return lines.join('\r\n') + '\r\n\r\n';
  };

  /** Sends one buffered request to backend `index`, or the following ones that accept it. */
  const forward = (req: http.IncomingMessage, body: Buffer, res: http.ServerResponse, first: number, sticky: boolean) => {
    const attempt = (index: number, tried: number) => {
      if (tried === backends.length) return void res.writeHead(502).end('no live node');
      const headers = { ...req.headers, connection: 'close' };
      const upstream = http.request({ host: '127.0.0.1', port: backends[index], method: req.method, path: req.url, headers, agent: false }, (answer) => {
        const out = { ...answer.headers };
        if (sticky) out['set-cookie'] = [...(answer.headers['set-cookie'] ?? []), `${COOKIE}=${index}; Path=/socket.io/; HttpOnly; SameSite=Strict`];
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, out);
        answer.pipe(res);
        answer.on('error', () => res.destroy());
      });
      upstream.once('error', (error: NodeJS.ErrnoException) => {
        // Refused before anything was sent: that node is down, the next may serve it.
        if (error.code === 'ECONNREFUSED' && !res.headersSent) attempt((index + 1) % backends.length, tried + 1);
        else res.destroy();
      });
      upstream.end(body);
    };
    attempt(first, 0);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const sticky = stickyIndex(req);
      const isSocketIo = (req.url ?? '').startsWith('/socket.io/');
      forward(req, Buffer.concat(chunks), res, sticky ?? roundRobin(), isSocketIo);
    });
  });
  server.on('upgrade', (req: http.IncomingMessage, client: net.Socket, bufferedHead: Buffer) => {
    track(client);
    const sticky = stickyIndex(req);
    void connect(sticky ?? roundRobin()).then((upstream) => {
      if (!upstream) return client.destroy();
      const { socket } = upstream;
      track(socket);
      socket.write(upgradeHead(req));
      if (bufferedHead.length) socket.write(bufferedHead);
      socket.once('close', () => client.destroy());
      client.once('close', () => socket.destroy());
      socket.setNoDelay(true);
      client.setNoDelay(true);
      socket.pipe(client);
      client.pipe(socket);
    });
  });
  server.on('connection', (socket) => track(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    port,
    setBackends: (ports) => {
      backends = [...ports];
    },
    close: () => {
      for (const socket of open) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

