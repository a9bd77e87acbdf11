/**
 * A minimal Chrome DevTools Protocol client for a server started with --inspect, used only
 * to force a full garbage collection and read the JS heap before a memory reading, so that
 * "memory per room" counts what rooms retain, not garbage V8 has not collected yet. Nothing is
 * enabled on the session (no Debugger domain), so an attached session costs the server nothing.
 */
import WebSocket from 'ws';

export class InspectorSession {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: { message: string } };
      if (message.id === undefined) return;
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) waiter?.reject(new Error(message.error.message));
      else waiter?.resolve(message.result);
    });
  }

  static async connect(port: number): Promise<InspectorSession> {
    const res = await fetch(`http://127.0.0.1:${port}/json/list`);
    const [target] = (await res.json()) as Array<{ webSocketDebuggerUrl: string }>;
    if (!target) throw new Error(`no inspector target on port ${port}`);
    const ws = new WebSocket(target.webSocketDebuggerUrl, { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new InspectorSession(ws);
  }

  send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  close(): void {
    this.ws.close();
  }
}

/** Runs full garbage collections in the process behind `port` and returns its JS heap in use (bytes). */
export async function collectGarbage(port: number): Promise<number> {
  const session = await InspectorSession.connect(port);
  try {
    // Twice: weak references and finalizers freed by the first are collected by the second.
    await session.send('HeapProfiler.collectGarbage');
    await session.send('HeapProfiler.collectGarbage');
    const usage = await session.send<{ usedSize: number }>('Runtime.getHeapUsage');
    return usage.usedSize;
  } finally {
    session.close();
  }
}
