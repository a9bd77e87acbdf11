/**
 * A TCP round-robin proxy in front of several server nodes, like a load balancer without sticky
 * sessions: each new connection goes to the next backend, skipping any that refuses it, and a
 * backend's death closes the connections proxied to it, so clients reconnect to a live node.
 */
import net from 'node:net';

export interface Backend {
  host: string;
  port: number;
}

export class LoadBalancer {
  private readonly server = net.createServer((client) => this.accept(client));
  private readonly open = new Set<net.Socket>();
  /** Live proxied connections per backend index. */
  private readonly active: number[];
  private next = 0;
  /** Connections accepted while held, waiting to be forwarded. */
  private held: net.Socket[] | null = null;
  port = 0;

  constructor(private readonly backends: readonly Backend[]) {
    if (backends.length === 0) throw new Error('a load balancer needs at least one backend');
    this.active = backends.map(() => 0);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/yjs`;
  }

  /** How many client connections each backend serves through this proxy right now. */
  connections(): number[] {
    return [...this.active];
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.port = (this.server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  }

  /**
   * Holds new connections (accepted, not forwarded) until release(): lets a test look at the
   * cluster after a node died and before that node's clients have reconnected elsewhere.
   */
  hold(): void {
    this.held ??= [];
  }

  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const client of held) this.forward(client);
  }

  /** Stops accepting and cuts every proxied connection. */
  close(): Promise<void> {
    for (const s of this.open) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    this.track(client);
    // Hold what the client sends until a backend is connected; pipe() resumes it then.
    client.pause();
    client.on('error', () => client.destroy());
    if (this.held) this.held.push(client);
    else this.forward(client);
  }

  private forward(client: net.Socket): void {
    const first = this.next;
    this.next = (this.next + 1) % this.backends.length;
    this.connect(client, first, 0);
  }

  /** Tries backend `index`, and on failure the following ones, once each. */
  private connect(client: net.Socket, index: number, tried: number): void {
    if (client.destroyed) return;
    if (tried === this.backends.length) {
      client.destroy();
      return;
    }
    const backend = this.backends[index]!;
    const upstream = net.connect(backend.port, backend.host);
    this.track(upstream);
    const failBeforeConnect = () => {
      upstream.destroy();
      this.connect(client, (index + 1) % this.backends.length, tried + 1);
    };
    upstream.once('error', failBeforeConnect);
    upstream.once('connect', () => {
      upstream.off('error', failBeforeConnect);
      if (client.destroyed) {
        upstream.destroy();
        return;
      }
      this.active[index]!++;
      upstream.once('close', () => this.active[index]!--);
      // Either side going away takes the other with it, as a proxy's idle peer would see.
      upstream.on('error', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
      client.once('close', () => upstream.destroy());
      upstream.setNoDelay(true);
      client.setNoDelay(true);
      client.pipe(upstream);
      upstream.pipe(client);
    });
  }

  private track(socket: net.Socket): void {
    this.open.add(socket);
    socket.once('close', () => this.open.delete(socket));
  }
}

export async function startLoadBalancer(backends: readonly Backend[]): Promise<LoadBalancer> {
  const lb = new LoadBalancer(backends);
  await lb.listen();
  return lb;
}
