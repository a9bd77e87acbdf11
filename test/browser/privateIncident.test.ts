/**
 * Issue 13 in the browser: a private incident is declared from the lobby, says so in the room and
 * in the lobby, stays out of a non-member's lobby, and appears there live once a member adds them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openLobby, signedInResponder, startBrowserServer } from '../helpers/browser.ts';
import { declareIncident } from '../helpers/incidents.ts';
import type { TestServer } from '../helpers/testServer.ts';

describe('a private incident in the browser', () => {
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

  it('is declared private, shows it, and reaches a non-member only once a member adds them', async () => {
    const ana = await signedInResponder(browser, server, 'Ana Private');
    const ben = await signedInResponder(browser, server, 'Ben Outside');
    await openLobby(ben, server);
    await openLobby(ana, server);

    await ana.page.getByLabel('What is broken?').fill('Leaked salary spreadsheet');
    await ana.page.getByTestId('declare-private').check();
    await ana.page.getByRole('button', { name: 'Declare incident' }).click();
    await ana.page.getByTestId('room').waitFor({ timeout: 10_000 });
    const id = new URL(ana.page.url()).pathname.split('/').pop()!;
    await ana.page.getByTestId('private-badge').waitFor();
    expect(await ana.page.getByTestId('privacy-toggle').isChecked()).toBe(true);

    // Ben's lobby is live: a public incident declared after the private one reaches it, the private one does not.
    const publicId = await declareIncident(server, 'Search is slow', 'SEV3');
    await ben.page.locator(`[data-incident="${publicId}"]`).waitFor({ timeout: 10_000 });
    expect(await ben.page.locator(`[data-incident="${id}"]`).count()).toBe(0);

    await ana.page.locator('#member-add').selectOption(ben.userId);
    await ana.page.getByRole('button', { name: 'Add member' }).click();
    await expect.poll(() => ana.page.getByTestId('member').allInnerTexts(), { timeout: 10_000 }).toContainEqual(expect.stringContaining('Ben Outside'));

    const row = ben.page.locator(`[data-incident="${id}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.getByTestId('private-badge').count()).toBe(1);
    expect(ana.errors).toEqual([]);
    expect(ben.errors).toEqual([]);
  });
});
