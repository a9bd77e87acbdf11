/**
 * The responder document is written by every responder's client, so the room must survive
 * whatever another client puts in it: values that are not entries, fields of the wrong type,
 * markup in text. It shows what it can, as text, and keeps working.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import * as Y from 'yjs';
import { launchBrowser, openRoom, openStakeholderLink, signedInResponder, startBrowserServer, transcriptTexts, writeEntry } from '../helpers/browser.ts';
import { connectDoc, eventually, synced } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import { startTestServer, tempDataDir } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { appendStoredUpdate } from '../helpers/storedUpdates.ts';
import { responderDocName } from '../../shared/documents.ts';
import { readTranscript } from '../../shared/responderDoc.ts';

describe('malformed entries from another client', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startBrowserServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('renders what it can and keeps the room working', async () => {
    const incidentId = await declareIncident(server, 'Odd bot output', 'SEV3');
    const bot = connectDoc(server.wsUrl, responderDocName(incidentId), await tokenFor(server, incidentId, 'Sloppy bot'));
    try {
      await synced(bot);
      const doc = bot.doc;
      const map = (fields: Record<string, unknown>) => {
        const m = new Y.Map<unknown>();
        for (const [k, v] of Object.entries(fields)) m.set(k, v);
        return m;
      };
      doc.transact(() => {
        doc.getArray('transcript').push([
          'not an entry',
          42,
          // A time of the wrong type is refused by the server now (test/server/transcriptTimeRange.test.ts).
          map({ id: 'dup', kind: 7, text: 'plain string text' }),
          map({ id: 'dup', at: Date.now(), kind: '<img src=x onerror=alert(1)>', text: new Y.Text('<b>markup stays text</b>') }),
          map({ id: 'no-text' }),
        ]);
        doc.getArray('actions').push([map({ id: 'a1', title: 'string title', owner: 123, status: 'weird' }), null]);
      });

      const alice = await signedInResponder(browser, server, 'Alice Nguyen');
      await openRoom(alice, server, incidentId);
      await expect.poll(() => alice.page.getByTestId('transcript-entry').count(), { timeout: 10_000 }).toBe(3);
      expect(await transcriptTexts(alice.page)).toEqual(['plain string text', '<b>markup stays text</b>', '']);
      expect(await alice.page.locator('.transcript-entries b, .transcript-entries img').count()).toBe(0);
      await expect.poll(() => alice.page.getByTestId('action-item').count(), { timeout: 10_000 }).toBe(1);

      // The room still works around the junk.
      await writeEntry(alice.page, 'still writing');
      await expect.poll(() => transcriptTexts(alice.page)).toEqual(['plain string text', '<b>markup stays text</b>', '', 'still writing']);
      expect(alice.errors).toEqual([]);
      await alice.context.close();
    } finally {
      bot.destroy();
    }
  });
});

/**
 * Issue 11: an entry at 1e16 (a finite number no Date holds) blanked the stakeholder page and
 * the room's transcript for everyone. The server now refuses such times, but entries stored
 * before it did are still there: written here into the stopped server's update log.
 */
describe('an entry stored with an impossible time', () => {
  const dataDir = tempDataDir();
  const start = () => startTestServer({ clientDir: path.resolve('dist/client'), dataDir });
  let server: TestServer;
  let browser: Browser;
  let incidentId: string;

  beforeAll(async () => {
    server = await start();
    browser = await launchBrowser();
    incidentId = await declareIncident(server, 'Clock went wild', 'SEV3');
    const bot = connectDoc(server.wsUrl, responderDocName(incidentId), await tokenFor(server, incidentId, 'Old bot'));
    await synced(bot);
    const write = (id: string, at: number, text: string) => {
      const entry = new Y.Map<unknown>();
      entry.set('id', id);
      entry.set('at', at);
      entry.set('kind', 'note');
      entry.set('text', new Y.Text(text));
      bot.doc.getArray('transcript').push([entry]);
    };
    write('before', Date.now(), 'before the bad one');
    const reader = connectDoc(server.wsUrl, responderDocName(incidentId), await tokenFor(server, incidentId, 'Reader'));
    await eventually(() => readTranscript(reader.doc).length === 1, 'first entry stored');
    reader.destroy();
    bot.disconnect();
    await server.close();

    // The same client goes on writing, as it would have against a server without the check.
    const updates: Uint8Array[] = [];
    bot.doc.on('update', (update: Uint8Array) => updates.push(update));
    write('far', 1e16, 'from the far future');
    write('after', Date.now(), 'after the bad one');
    bot.destroy();
    await appendStoredUpdate(dataDir, responderDocName(incidentId), Y.mergeUpdates(updates), 'old-bot');
    server = await start();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const TEXTS = ['before the bad one', 'from the far future', 'after the bad one'];

  it('the room shows every entry, with a placeholder for the time, and keeps working', async () => {
    const alice = await signedInResponder(browser, server, 'Alice Nguyen');
    await openRoom(alice, server, incidentId);
    await expect.poll(() => transcriptTexts(alice.page), { timeout: 10_000 }).toEqual(TEXTS);
    expect(await alice.page.getByTestId('time-unknown').count()).toBe(1);
    expect(await alice.page.locator('.transcript-entries time').count()).toBe(2);
    await writeEntry(alice.page, 'still writing');
    await expect.poll(() => transcriptTexts(alice.page)).toEqual([...TEXTS, 'still writing']);
    expect(alice.errors).toEqual([]);
    await alice.context.close();
  });

  it('the stakeholder page shows them too', async () => {
    const token = await tokenFor(server, incidentId, 'Support', 'stakeholder');
    const stakeholder = await openStakeholderLink(browser, `${server.url}/s/${incidentId}#token=${encodeURIComponent(token)}`);
    await expect.poll(() => transcriptTexts(stakeholder.page), { timeout: 10_000 }).toEqual(expect.arrayContaining(TEXTS));
    expect(await stakeholder.page.getByTestId('time-unknown').count()).toBe(1);
    expect(stakeholder.errors).toEqual([]);
    await stakeholder.context.close();
  });

  it('the replay shows them, and export.md answers', async () => {
    const alice = await signedInResponder(browser, server, 'Alice Again');
    await alice.page.goto(`${server.url}/incidents/${incidentId}/replay`);
    await alice.page.getByTestId('replay-room').waitFor({ timeout: 10_000 });
    // The replay opens at the first moment; the last one holds every entry.
    await alice.page.getByTestId('replay-slider').press('End');
    await expect.poll(() => alice.page.getByTestId('replay-entry-text').allInnerTexts(), { timeout: 10_000 }).toEqual(expect.arrayContaining(TEXTS));
    expect(await alice.page.getByTestId('time-unknown').count()).toBe(1);
    expect(alice.errors).toEqual([]);
    await alice.context.close();

    const res = await fetch(`${server.url}/api/incidents/${incidentId}/export.md`, { headers: { authorization: `Bearer ${server.adminToken}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/unknown time \*\*.*\*\* \[note\] from the far future/);
  });
});
