/**
 * A responder's phone at night (issue 12): the room at 390 px must let them acknowledge, claim a
 * role, read the transcript, add a note and publish an update, without sideways scrolling and
 * with every control reachable by touch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { exportOf, launchBrowser, openRoom, roleRow, screenshot, signedInResponder, startBrowserServer, transcriptTexts } from '../helpers/browser.ts';
import { declareIncident } from '../helpers/incidents.ts';
import type { TestServer } from '../helpers/testServer.ts';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true };

/** Widest thing on the page beyond the viewport: 0 when nothing scrolls sideways. */
const overflowX = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);

describe('the room on a phone', () => {
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

  it('acknowledges, claims, reads, writes a note and publishes an update at 390 px', async () => {
    const id = await declareIncident(server, 'Card payments failing in eu-west-1', 'SEV1');
    await server.api('POST', `/api/incidents/${id}/commands`, { type: 'claimRole', role: 'scribe' });
    const sam = await signedInResponder(browser, server, 'Sam Patel', PHONE);
    const page = sam.page;
    await openRoom(sam, server, id);
    await screenshot(page, 'issue-12-phone-before', { fullPage: true });
    expect(await overflowX(page)).toBeLessThanOrEqual(0);

    await page.getByRole('button', { name: 'Acknowledge' }).tap();
    await expect.poll(() => page.getByTestId('acknowledged').innerText(), { timeout: 10_000 }).toContain('Sam Patel');

    await roleRow(page, 'comms').getByRole('button', { name: 'Claim Communication coordinator' }).tap();
    await expect.poll(() => roleRow(page, 'comms').getAttribute('class'), { timeout: 10_000 }).toContain('mine');

    const composer = page.getByTestId('composer-input');
    await composer.tap();
    await composer.fill('On it from my phone; checking the acquirer status page');
    await composer.press('Enter');
    await expect.poll(() => transcriptTexts(page), { timeout: 10_000 }).toEqual(['On it from my phone; checking the acquirer status page']);
    await expect.poll(() => page.getByTestId('entry-text').first().isVisible()).toBe(true);

    const update = page.getByLabel('Update for stakeholders');
    await update.tap();
    await update.fill('We are investigating failed card payments in Europe. Next update 04:30 UTC.');
    await page.getByRole('button', { name: 'Publish', exact: true }).tap();
    await expect.poll(async () => (await exportOf(server, id)).updates.length, { timeout: 10_000 }).toBe(1);
    expect(await overflowX(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'issue-12-phone-after', { fullPage: true });

    expect(sam.errors).toEqual([]);
    await sam.context.close();
  });
});
