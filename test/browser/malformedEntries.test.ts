/**
 * The responder document is written by every responder's client, so the room must survive
 * whatever another client puts in it: values that are not entries, fields of the wrong type,
 * markup in text. It shows what it can, as text, and keeps working.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import * as Y from 'yjs';
import { launchBrowser, openRoom, signedInResponder, startBrowserServer, transcriptTexts, writeEntry } from '../helpers/browser.ts';
import { connectDoc, synced } from '../helpers/clients.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { responderDocName } from '../../shared/documents.ts';

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
          map({ id: 'dup', at: 'yesterday', kind: 7, text: 'plain string text' }),
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
