/**
 * The scribe writes fast; everyone else reads along. Entries arrive in order with the right
 * author (derived by the server from the writer's connection, never written by the client),
 * can be corrected in place by anyone, and the view follows unless the reader scrolled up.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  claimRole,
  launchBrowser,
  openRoom,
  signedInResponder,
  startBrowserServer,
  transcriptAuthors,
  transcriptTexts,
} from '../helpers/browser.ts';
import type { Responder } from '../helpers/browser.ts';
import { connectDoc, synced } from '../helpers/clients.ts';
import { declareIncident } from '../helpers/incidents.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { readTranscript } from '../../shared/responderDoc.ts';
import { stateMaps } from '../../shared/stateDoc.ts';
import { responderDocName, stateDocName } from '../../shared/documents.ts';

const ENTRIES = Array.from({ length: 20 }, (_, i) => `step ${String(i + 1).padStart(2, '0')}: checked shard ${i % 4} of the checkout db`);

describe('scribe transcript', () => {
  let server: TestServer;
  let browser: Browser;
  const responders: Responder[] = [];

  beforeAll(async () => {
    server = await startBrowserServer();
    browser = await launchBrowser();
  });

  afterEach(async () => {
    await Promise.all(responders.splice(0).map((r) => r.context.close()));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function scribeAndReader(incidentId: string, readerViewport?: { width: number; height: number }): Promise<[Responder, Responder]> {
    const sam = await signedInResponder(browser, server, 'Sam Scribe');
    const rita = await signedInResponder(browser, server, 'Rita Reader', readerViewport ? { viewport: readerViewport } : {});
    responders.push(sam, rita);
    await Promise.all([openRoom(sam, server, incidentId), openRoom(rita, server, incidentId)]);
    await claimRole(sam.page, 'scribe', 'Scribe');
    return [sam, rita];
  }

  it('shows twenty quickly typed entries to the other responder, in order, with the right author', async () => {
    const incidentId = await declareIncident(server, 'Checkout database saturated', 'SEV1');
    const [sam, rita] = await scribeAndReader(incidentId);

    const input = sam.page.getByTestId('composer-input');
    await input.focus();
    // As fast as a keyboard can deliver: each entry's text arrives as one input event, then Enter.
    for (const text of ENTRIES) {
      await sam.page.keyboard.insertText(text);
      await sam.page.keyboard.press('Enter');
    }

    await expect.poll(() => rita.page.getByTestId('transcript-entry').count(), { timeout: 15_000 }).toBe(20);
    expect(await transcriptTexts(rita.page)).toEqual(ENTRIES);
    // Authorship arrives with the server's binding of Sam's Yjs client id to his session.
    await expect.poll(() => transcriptAuthors(rita.page), { timeout: 10_000 }).toEqual(ENTRIES.map(() => 'Sam Scribe'));
    expect(await transcriptTexts(sam.page)).toEqual(ENTRIES);

    // The server's copy agrees, and attributes every entry to Sam's user id.
    const admin = server.adminToken;
    const transcript = connectDoc(server.wsUrl, responderDocName(incidentId), admin);
    const state = connectDoc(server.wsUrl, stateDocName(incidentId), admin);
    try {
      await Promise.all([synced(transcript), synced(state)]);
      const stored = readTranscript(transcript.doc);
      expect(stored.map((e) => e.text)).toEqual(ENTRIES);
      const clients = stateMaps(state.doc).clients;
      expect(stored.map((e) => clients.get(String(e.client)))).toEqual(ENTRIES.map(() => sam.userId));
    } finally {
      transcript.destroy();
      state.destroy();
    }

    // The room's export links lead to the record, transcript included.
    const exportUrl = async (name: string) => new URL((await rita.page.getByRole('link', { name }).getAttribute('href'))!, server.url).href;
    const markdown = await rita.page.request.get(await exportUrl('Markdown'));
    expect(markdown.status()).toBe(200);
    expect(await markdown.text()).toContain(ENTRIES[19]);
    const json = await rita.page.request.get(await exportUrl('JSON'));
    expect(json.status()).toBe(200);

    // The reader's view followed the stream to the newest entry.
    const atBottom = await rita.page.locator('.transcript-scroll').evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 4);
    expect(atBottom).toBe(true);
    expect([...sam.errors, ...rita.errors]).toEqual([]);
  });

  it('picks the kind from Alt+digit or a prefix, shows typing, and lets anyone correct an entry in place', async () => {
    const incidentId = await declareIncident(server, 'Login page blank', 'SEV2');
    const [sam, rita] = await scribeAndReader(incidentId);
    const input = sam.page.getByTestId('composer-input');

    await input.fill('/d roll back release 2024.11.3');
    await input.press('Enter');
    await input.press('Alt+4');
    await input.fill('is the CDN purge done?');
    await input.press('Enter');

    // While Sam types, Rita sees him typing.
    await input.pressSequentially('halfway through a sentence');
    const samOnRitasScreen = rita.page.getByTestId('presence-person').filter({ hasText: 'Sam Scribe' });
    await expect.poll(() => samOnRitasScreen.getAttribute('data-typing'), { timeout: 10_000 }).toBe('true');
    await input.fill('');

    const ritasEntries = rita.page.getByTestId('transcript-entry');
    await expect.poll(() => ritasEntries.count(), { timeout: 10_000 }).toBe(2);
    expect(await ritasEntries.evaluateAll((els) => els.map((el) => el.getAttribute('data-kind')))).toEqual(['decision', 'question']);
    expect(await transcriptTexts(rita.page)).toEqual(['roll back release 2024.11.3', 'is the CDN purge done?']);

    // Rita corrects Sam's entry in place; Sam sees the correction, and it is still Sam's entry.
    await ritasEntries.first().getByRole('button', { name: /^Correct entry/ }).click();
    const editor = rita.page.getByRole('textbox', { name: /Correct this entry/ });
    await editor.press('End');
    await editor.pressSequentially(' (EU only)');
    await editor.press('Enter');
    await expect.poll(() => transcriptTexts(sam.page), { timeout: 10_000 }).toEqual(['roll back release 2024.11.3 (EU only)', 'is the CDN purge done?']);
    expect(await transcriptAuthors(sam.page)).toEqual(['Sam Scribe', 'Sam Scribe']);
    expect([...sam.errors, ...rita.errors]).toEqual([]);
  });

  it('keeps the reader where they scrolled to, and offers a jump to the new entries', async () => {
    const incidentId = await declareIncident(server, 'Queue backlog growing', 'SEV3');
    // A short window, so a handful of entries overflow the transcript.
    const [sam, rita] = await scribeAndReader(incidentId, { width: 1280, height: 560 });
    const input = sam.page.getByTestId('composer-input');
    for (let i = 1; i <= 15; i++) {
      await input.fill(`backlog reading ${i}`);
      await input.press('Enter');
    }
    await expect.poll(() => rita.page.getByTestId('transcript-entry').count(), { timeout: 10_000 }).toBe(15);
    const scroller = rita.page.locator('.transcript-scroll');
    expect(await scroller.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);

    await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
    await scroller.dispatchEvent('scroll');
    for (let i = 16; i <= 18; i++) {
      await input.fill(`backlog reading ${i}`);
      await input.press('Enter');
    }
    await expect.poll(() => rita.page.getByTestId('transcript-entry').count(), { timeout: 10_000 }).toBe(18);
    expect(await scroller.evaluate((el) => el.scrollTop)).toBe(0);
    const jump = rita.page.getByRole('button', { name: /new entries/ });
    expect(await jump.innerText()).toContain('3 new entries');

    await jump.click();
    expect(await scroller.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 4)).toBe(true);
    expect([...sam.errors, ...rita.errors]).toEqual([]);
  });
});
