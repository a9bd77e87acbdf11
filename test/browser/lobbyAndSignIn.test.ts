/**
 * Getting in and finding the room: a visitor without a session is told how to get an invite;
 * the invite link signs them in under a display name; the lobby lists incidents live, and a
 * declared incident appears on another responder's lobby without a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { claimRole, collectPageErrors, launchBrowser, signedInResponder, startBrowserServer, waitForLive } from '../helpers/browser.ts';
import { declareIncident } from '../helpers/incidents.ts';
import type { TestServer } from '../helpers/testServer.ts';

describe('sign-in and lobby', () => {
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

  it('explains how to get in, signs in with an invite, and keeps the lobby live', async () => {
    await declareIncident(server, 'Older incident: slow search', 'SEV3');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    // A first visit is not an error: no failed request in the console (issue 12).
    const consoleErrors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));

    await page.goto(server.url + '/');
    await page.getByTestId('signed-out').waitFor();
    expect(consoleErrors).toEqual([]);
    expect(await page.getByTestId('signed-out').innerText()).toContain('invite link');

    const invite = await server.api('POST', '/api/invites', {});
    await page.goto(invite.body.url.replace(/^https?:\/\/[^/]+/, server.url));
    await page.getByLabel('Your name, as the others will see it').fill('Dana Declarer');
    await page.getByLabel('Your name, as the others will see it').press('Enter');
    await page.getByTestId('signed-in-name').waitFor();
    expect(await page.getByTestId('signed-in-name').innerText()).toBe('Dana Declarer');
    // The invite secret does not stay in the address bar.
    expect(page.url()).toBe(server.url + '/');
    await expect.poll(() => page.getByTestId('lobby-row').count(), { timeout: 10_000 }).toBe(1);

    const watcher = await signedInResponder(browser, server, 'Walt Watcher');
    await watcher.page.goto(server.url + '/');
    await expect.poll(() => watcher.page.getByTestId('lobby-row').count(), { timeout: 10_000 }).toBe(1);

    // Declare from the keyboard: "n" focuses the title, Enter submits.
    await page.keyboard.press('n');
    await page.keyboard.type('Card payments declined');
    await page.getByRole('radio', { name: /SEV1/ }).check();
    await page.getByLabel('Service').fill('payments-api');
    await page.getByLabel('What is broken?').press('Enter');
    await page.getByTestId('room').waitFor({ timeout: 10_000 });
    await waitForLive(page);
    expect(await page.getByTestId('incident-title').innerText()).toBe('Card payments declined');
    const incidentId = new URL(page.url()).pathname.split('/').pop()!;

    // Walt's lobby shows it without a reload, first among open incidents (most severe first).
    const row = watcher.page.locator(`[data-testid="lobby-row"][data-incident="${incidentId}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await watcher.page.getByTestId('lobby-row').first().getAttribute('data-incident')).toBe(incidentId);
    expect(await row.innerText()).toContain('SEV1');

    // A claim in the room updates the commander column in the lobby.
    await claimRole(page, 'commander', 'Incident commander');
    await expect.poll(() => row.getByTestId('lobby-commander').innerText(), { timeout: 10_000 }).toBe('Dana Declarer');

    // And the room is reached from the lobby by keyboard.
    await row.getByRole('link').focus();
    await watcher.page.keyboard.press('Enter');
    await watcher.page.getByTestId('room').waitFor();
    expect(await watcher.page.getByTestId('incident-title').innerText()).toBe('Card payments declined');

    expect([...errors, ...watcher.errors]).toEqual([]);
    await Promise.all([context.close(), watcher.context.close()]);
  });
});
