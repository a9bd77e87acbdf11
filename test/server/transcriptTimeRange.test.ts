/**
 * Issue 11: a transcript entry with `at: 1e16` passed Number.isFinite, then every reader threw
 * formatting it (the stakeholder page went blank, export.md answered 500). The server refuses
 * any time field of the responder document outside TimeRange, through the stock client, and
 * stores nothing of the refused update.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { connectDoc, eventually, synced } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { readActions, readTranscript } from '../../shared/responderDoc.ts';
import { TimeRange } from '../../shared/limits.ts';

const DAY = 24 * 60 * 60 * 1000;

function entry(fields: Record<string, unknown>): Y.Map<unknown> {
  const m = new Y.Map<unknown>();
  for (const [k, v] of Object.entries(fields)) m.set(k, v);
  return m;
}

/** Resolves with the close the server sends the provider (the stock provider then stops). */
function closeOf(provider: WebsocketProvider): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => provider.on('connection-close', (event) => event && resolve({ code: event.code, reason: event.reason })));
}

describe('times in the responder document', () => {
  let server: TestServer;
  let id: string;
  beforeAll(async () => {
    server = await startTestServer();
    id = await declareIncident(server, 'Clock skew');
  });
  afterAll(() => server.close());

  async function writer(name: string): Promise<WebsocketProvider> {
    const provider = connectDoc(server.wsUrl, id, await tokenFor(server, id, name));
    await synced(provider);
    return provider;
  }

  /** What the server holds, read by a fresh stock client. */
  async function stored(): Promise<Y.Doc> {
    const reader = await writer('Reader');
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(reader.doc));
    reader.destroy();
    return doc;
  }

  const refused: Array<[string, (doc: Y.Doc) => void, RegExp]> = [
    ['an entry at 1e16', (doc) => doc.getArray('transcript').push([entry({ id: 'far', at: 1e16, kind: 'note', text: new Y.Text('far') })]), /"at" must be a time/],
    ['an entry two days ahead', (doc) => doc.getArray('transcript').push([entry({ id: 'ahead', at: Date.now() + 2 * DAY, kind: 'note', text: new Y.Text('x') })]), /"at"/],
    ['an entry before 2000', (doc) => doc.getArray('transcript').push([entry({ id: 'old', at: TimeRange.earliest - 1, kind: 'note', text: new Y.Text('x') })]), /"at"/],
    ['an entry whose time is text', (doc) => doc.getArray('transcript').push([entry({ id: 'text', at: 'yesterday', kind: 'note' })]), /"at"/],
    ['an action item created at -1', (doc) => doc.getArray('actions').push([entry({ id: 'act', title: new Y.Text('x'), status: 'open', createdAt: -1 })]), /"createdAt"/],
  ];

  it.each(refused)('%s is refused with 4400 and nothing is stored', async (_name, write, reason) => {
    const before = Y.encodeStateAsUpdate(await stored());
    const bot = await writer('Bot');
    const closed = closeOf(bot);
    write(bot.doc);
    const { code, reason: text } = await closed;
    bot.destroy();
    expect(code).toBe(4400);
    expect(text).toMatch(reason);
    expect(Y.encodeStateAsUpdate(await stored())).toEqual(before);
  });

  it('an existing entry moved out of range later is refused too, and keeps its time', async () => {
    const bot = await writer('Corrector');
    const at = Date.now();
    bot.doc.getArray('transcript').push([entry({ id: 'moved', at, kind: 'note', text: new Y.Text('moved') })]);
    // A later value of a key names the earlier one as its origin instead of naming the key.
    const check = await writer('Checker');
    await eventually(() => readTranscript(check.doc).some((e) => e.id === 'moved'), 'entry stored');
    check.destroy();
    const closed = closeOf(bot);
    (bot.doc.getArray('transcript').toArray().find((m) => m instanceof Y.Map && m.get('id') === 'moved') as Y.Map<unknown>).set('at', 1e16);
    expect((await closed).code).toBe(4400);
    bot.destroy();
    expect(readTranscript(await stored()).find((e) => e.id === 'moved')?.at).toBe(at);
  });

  it('times in range pass, including a correction of one, and export.md answers', async () => {
    const bot = await writer('Scribe');
    const at = Date.now();
    const item = entry({ id: 'fine', at, kind: 'note', text: new Y.Text('fine') });
    bot.doc.getArray('transcript').push([item]);
    item.set('at', at + 1000);
    bot.doc.getArray('actions').push([entry({ id: 'a-fine', title: new Y.Text('follow up'), status: 'open', createdAt: at })]);
    const check = await writer('Checker');
    await eventually(() => readActions(check.doc).some((a) => a.id === 'a-fine'), 'action stored');
    expect(readTranscript(check.doc).find((e) => e.id === 'fine')?.at).toBe(at + 1000);
    expect(bot.wsconnected).toBe(true);
    check.destroy();
    bot.destroy();
    const res = await fetch(`${server.url}/api/incidents/${id}/export.md`, { headers: { authorization: `Bearer ${server.adminToken}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('fine');
  });
});
