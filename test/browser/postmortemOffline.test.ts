/**
 * The postmortem written offline (issue 20): a responder loses the network, writes in a section,
 * closes the tab while still offline, and comes back once the network returns: the text was kept
 * on the device (IndexedDB), is on the page again, and reaches the server and the other
 * responder. The network is cut as offlineWrites.test.ts cuts it: a proxy the test severs, and
 * the browser put offline. The section is found by its accessible name, so a text area or a
 * rich-text editor both serve.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { browserSuite, openPostmortem, readIndexedDbUpdates, screenshot, signedInResponder } from '../helpers/browser.ts';
import type { Responder } from '../helpers/browser.ts';
import { declareIncident } from '../helpers/incidents.ts';
import { postmortemDocName } from '../../shared/documents.ts';
import { postmortemMaps } from '../../shared/postmortem.ts';

const SUMMARY = 'online: search answered slowly for 20 minutes';
const OFFLINE = 'offline: the shard map was stale after the rebalance';

describe('writing the postmortem while offline', () => {
  const suite = browserSuite({}, { proxied: true });

  const section = (page: Page, title: string) => page.getByRole('textbox', { name: title, exact: true });
  const textOf = (page: Page, title: string) => section(page, title).evaluate((el) => (el instanceof HTMLTextAreaElement ? el.value : (el.textContent ?? '')));
  async function write(page: Page, title: string, text: string): Promise<void> {
    await section(page, title).click();
    await page.keyboard.insertText(text);
  }

  it('keeps a section written offline across a closed tab and syncs it when the network returns', async () => {
    const incidentId = await declareIncident(suite.server, 'Search slow', 'SEV2');
    const olivia: Responder = await signedInResponder(suite.browser, suite.server, 'Olivia Offline');
    const bob: Responder = await signedInResponder(suite.browser, suite.server, 'Bob Online');
    await Promise.all([openPostmortem(olivia.page, suite.proxy.url, incidentId), openPostmortem(bob.page, suite.server.url, incidentId)]);
    await write(olivia.page, 'Summary', SUMMARY);
    await expect.poll(() => textOf(bob.page, 'Summary'), { timeout: 10_000 }).toBe(SUMMARY);

    suite.proxy.cut();
    const offlineBanner = olivia.page.locator('[data-testid="connection-banner"][data-state="offline"]');
    await offlineBanner.waitFor({ timeout: 10_000 });
    await olivia.context.setOffline(true);
    await expect.poll(() => offlineBanner.innerText(), { timeout: 10_000 }).toContain('This device is offline');

    await write(olivia.page, 'Root cause', OFFLINE);
    expect(await textOf(olivia.page, 'Root cause')).toBe(OFFLINE);
    // Kept on the device, in the postmortem document's own store.
    const store = `incident-room:${olivia.userId}:${postmortemDocName(incidentId)}`;
    await expect
      .poll(
        async () => {
          const stored = new Y.Doc();
          for (const update of await readIndexedDbUpdates(olivia.page, store)) Y.applyUpdate(stored, new Uint8Array(update));
          return postmortemMaps(stored).sections.get('root-cause')?.toString();
        },
        { timeout: 10_000 },
      )
      .toBe(OFFLINE);
    await screenshot(olivia.page, 'issue-20-postmortem-offline', { fullPage: true });

    // The tab is closed while still offline: nothing reached the server.
    await olivia.page.close();
    await bob.page.waitForTimeout(1000);
    expect(await textOf(bob.page, 'Root cause')).toBe('');

    // The network returns and Olivia opens the postmortem again: her text is there and syncs.
    suite.proxy.restore();
    await olivia.context.setOffline(false);
    const again = await olivia.context.newPage();
    const errors: string[] = [];
    again.on('pageerror', (error) => errors.push(error.message));
    await openPostmortem(again, suite.proxy.url, incidentId);
    await expect.poll(() => textOf(again, 'Root cause'), { timeout: 10_000 }).toBe(OFFLINE);
    await expect.poll(() => textOf(bob.page, 'Root cause'), { timeout: 15_000 }).toBe(OFFLINE);
    const markdown = await fetch(`${suite.server.url}/api/incidents/${incidentId}/postmortem.md`, { headers: { authorization: `Bearer ${suite.server.adminToken}` } });
    expect(await markdown.text()).toContain(OFFLINE);

    expect([...olivia.errors, ...bob.errors, ...errors]).toEqual([]);
    await Promise.all([olivia.context.close(), bob.context.close()]);
  });
});
