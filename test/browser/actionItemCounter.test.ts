/**
 * Action items (issue 12): ticking an item moves the "open · done" counter on every screen (it
 * read a shallow observer that never saw a field change inside an item); an item's title is
 * edited from the keyboard (an Edit button, Enter to finish, focus back on the button) as well
 * as by double-click; an item can be deleted, for everyone.
 */
import { describe, expect, it } from 'vitest';
import { browserSuite, openRoom, signedInResponder } from '../helpers/browser.ts';
import type { Responder } from '../helpers/browser.ts';
import { declareIncident } from '../helpers/incidents.ts';

describe('action items', () => {
  const suite = browserSuite();

  it('counts ticks on both screens, renames from the keyboard and deletes for everyone', async () => {
    const id = await declareIncident(suite.server, 'Orders stuck in pending', 'SEV2');
    const ana = await signedInResponder(suite.browser, suite.server, 'Ana Lima');
    const ben = await signedInResponder(suite.browser, suite.server, 'Ben Ode');
    suite.people.push(ana, ben);
    await Promise.all([openRoom(ana, suite.server, id), openRoom(ben, suite.server, id)]);

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
