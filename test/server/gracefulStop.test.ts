/**
 * SIGTERM during a write storm: the server stops accepting, closes sockets with 1001 "server
 * restarting", stores everything and exits on its own; after a restart every entry is there.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { ServerProcess, freePort } from '../helpers/serverProcess.ts';
import { tempDataDir } from '../helpers/testServer.ts';
import { connectDoc, eventually, synced } from '../helpers/clients.ts';
import { readTranscript } from '../../shared/responderDoc.ts';

describe('graceful stop', () => {
  const providers: WebsocketProvider[] = [];
  let server: ServerProcess;
  afterAll(async () => {
    for (const p of providers) p.destroy();
    await server?.stop('SIGKILL');
  });

  it('on SIGTERM closes with 1001, exits 0, and loses no entry', async () => {
    server = new ServerProcess(await freePort(), tempDataDir());
    await server.start();
    const id = (await server.api('POST', '/api/incidents', { title: 'Deploy storm', severity: 'SEV2' })).body.id as string;
    const token = (await server.api('POST', `/api/incidents/${id}/tokens`, { access: 'responder', name: 'Scribes' })).body.token as string;
    const writers = [connectDoc(server.wsUrl, id, token), connectDoc(server.wsUrl, id, token), connectDoc(server.wsUrl, id, token)];
    providers.push(...writers);
    await Promise.all(writers.map((w) => synced(w)));
    const closes: number[] = [];
    for (const w of writers) w.on('connection-close', (event) => event && closes.push(event.code));

    let n = 0;
    const storm = setInterval(() => {
      for (const w of writers) {
        const entry = new Y.Map<unknown>();
        entry.set('id', `e${n++}`);
        entry.set('text', new Y.Text('storm'));
        w.doc.getArray('transcript').push([entry]);
      }
    }, 25);
    await new Promise((r) => setTimeout(r, 500));
    const exit = await server.stop('SIGTERM');
    clearInterval(storm);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(closes.filter((c) => c === 1001)).toHaveLength(3);

    await server.start();
    const check = connectDoc(server.wsUrl, id, token);
    providers.push(check);
    await eventually(() => readTranscript(check.doc).length === n, `all ${n} entries after restart`, 20_000);
    const stored = readTranscript(check.doc).map((e) => e.id);
    expect(new Set(stored).size).toBe(n);
  });
});
