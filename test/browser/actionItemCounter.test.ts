/**
 * Action items (issue 12): ticking an item moves the "open · done" counter on every screen (it
 * read a shallow observer that never saw a field change inside an item); an item's title is
 * edited from the keyboard (an Edit button, Enter to finish, focus back on the button) as well
 * as by double-click; an item can be deleted, for everyone.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openRoom, signedInResponder, startBrowserServer } from '../helpers/browser.ts';
import type { Responder } from '../helpers/browser.ts';
import { declareIncident } from '../helpers/incidents.ts';
import type { TestServer } from '../helpers/testServer.ts';

describe('action items', () => {
  let server: TestServer;
  let browser: Browser;
  const people: Responder[] = [];

  beforeAll(async () => {
    server = await startBrowserServer();
    browser = await launchBrowser();
  });

  afterEach(async () => {
    const errors = people.flatMap((p) => p.errors);
    await Promise.all(people.splice(0).map((p) => p.context.close()));
    expect(errors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('counts ticks on both screens, renames from the keyboard and deletes for everyone', async () => {
    const id = await declareIncident(server, 'Orders stuck in pending', 'SEV2');
    const ana = await signedInResponder(browser, server, 'Ana Lima');
    const ben = await signedInResponder(browser, server, 'Ben Ode');
    people.push(ana, ben);
    await Promise.all([openRoom(ana, server, id), openRoom(ben, server, id)]);

    const add = ana.page.getByLabel('New action item');
    for (const title of ['Replay failed orders', 'Post-incident review']) {
      await add.fill(title);
      await add.press('Enter');
    }
    const counts = (r: Responder) => r.page.getByTestId('action-counts').innerText();
    for (const r of [ana, ben]) await expect.poll(() => counts(r), { timeout: 10_000 }).toBe('2 open · 0 done');

    await ana.page.getByRole('checkbox', { name: 'Done: Replay failed orders' }).check();
    for (const r of [ana, ben]) await expect.poll(() => counts(r), { timeout: 10_000 }).toBe('1 open · 1 done');

    // Ben renames the other item without a mouse.
    const edit = ben.page.getByRole('button', { name: 'Edit action item: Post-incident review' });
    await edit.focus();
    await ben.page.keyboard.press('Enter');
    const input = ben.page.getByLabel('Edit action item', { exact: true });
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
    await ben.page.keyboard.press('End');
    await ben.page.keyboard.type(' (Friday)');
    await ben.page.keyboard.press('Enter');
    const renamed = ben.page.getByRole('button', { name: 'Edit action item: Post-incident review (Friday)' });
    await expect.poll(() => renamed.evaluate((el) => el === document.activeElement), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => ana.page.getByTestId('action-title').allInnerTexts(), { timeout: 10_000 }).toEqual(['Replay failed orders', 'Post-incident review (Friday)']);

    await ana.page.getByRole('button', { name: 'Delete action item: Replay failed orders' }).click();
    for (const r of [ana, ben]) {
      await expect.poll(() => r.page.getByTestId('action-title').allInnerTexts(), { timeout: 10_000 }).toEqual(['Post-incident review (Friday)']);
      await expect.poll(() => counts(r), { timeout: 10_000 }).toBe('1 open · 0 done');
    }
  });
});
