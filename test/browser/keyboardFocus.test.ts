/**
 * Where the keyboard lands (issue 12): in the composer after declaring; on the role's own
 * actions after claiming (the Claim button is replaced); back on the entry's correct button after
 * closing an edit; arrow keys move between entries; and a kind picked with Alt+3 holds for one
 * entry before returning to Note, unless pinned.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openLobby, roleRow, signedInResponder, startBrowserServer, waitForLive } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/testServer.ts';

const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.tagName ?? null);

describe('keyboard focus in the room', () => {
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

  it('keeps the keyboard somewhere sensible through declaring, claiming, writing and correcting', async () => {
    const ana = await signedInResponder(browser, server, 'Ana Lima');
    const page = ana.page;
    await openLobby(ana, server);
    await page.getByLabel('What is broken?').fill('Search results empty');
    await page.getByLabel('What is broken?').press('Enter');
    await page.getByTestId('room').waitFor({ timeout: 10_000 });
    await waitForLive(page);
    await expect.poll(() => focused(page)).toBe('New transcript entry');

    // Alt+3 makes the next entry a decision, and only that one.
    const composer = page.getByTestId('composer-input');
    await composer.press('Alt+Digit3');
    await composer.fill('roll back deploy 4812');
    await composer.press('Enter');
    await composer.fill('rollback started');
    await composer.press('Enter');
    // Pinned, the kind holds.
    await page.getByRole('checkbox', { name: 'Keep kind' }).check();
    await composer.press('Alt+Digit4');
    await composer.fill('do we replay failed orders?');
    await composer.press('Enter');
    await composer.fill('who owns the replay?');
    await composer.press('Enter');
    const kinds = () => page.getByTestId('transcript-entry').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
    await expect.poll(kinds, { timeout: 10_000 }).toEqual(['decision', 'note', 'question', 'question']);

    // Arrow keys rove between entries; End reaches the last one.
    await page.getByLabel(/^Transcript entries/).focus();
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('Correct entry: roll back deploy 4812');
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('Correct entry: rollback started');
    await page.keyboard.press('End');
    expect(await focused(page)).toBe('Correct entry: who owns the replay?');

    // Correcting an entry and closing the edit puts the keyboard back on that entry.
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    await page.keyboard.type(' Yes, tonight.');
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toBe('Correct entry: do we replay failed orders? Yes, tonight.');

    // Claiming replaces the Claim button; the keyboard lands on the role's new actions.
    await roleRow(page, 'commander').getByRole('button', { name: 'Claim Incident commander' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page), { timeout: 10_000 }).toBe('Hand off Incident commander');

    // Someone who moves on before the claim lands keeps their place: a scribe who claims and goes
    // straight to the composer must not have the keyboard pulled back to the role (it was, and
    // their next entries went nowhere).
    await roleRow(page, 'scribe').getByRole('button', { name: 'Claim Scribe' }).click();
    await page.getByTestId('composer-input').focus();
    await expect.poll(() => roleRow(page, 'scribe').getAttribute('class'), { timeout: 10_000 }).toContain('mine');
    // The move happens in an effect after the render that shows the claim: let it run.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
    expect(await focused(page)).toBe('New transcript entry');

    expect(ana.errors).toEqual([]);
    await ana.context.close();
  });
});
