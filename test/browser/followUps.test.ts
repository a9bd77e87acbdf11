/**
 * Follow-ups in Chromium (issue 21): added from the room's panel with the keyboard, listed across
 * incidents on /follow-ups with an overdue one said so in words, and marked done there.
 */
import { describe, expect, it } from 'vitest';
import { browserSuite, screenshot, signedInResponder, waitForLive } from '../helpers/browser.ts';
import { declareIncident } from '../helpers/incidents.ts';

describe('follow-ups', () => {
  const suite = browserSuite();

  it('adds one in the room, lists it across incidents with its due date, and marks it done', async () => {
    const { server, browser, people } = suite;
    const ana = await signedInResponder(browser, server, 'Ana Lead');
    people.push(ana);
    const id = await declareIncident(server, 'Checkout 502s');
    const { page } = ana;
    await page.goto(`${server.url}/incidents/${id}`);
    await waitForLive(page);

    await page.getByLabel('Due date').fill('2020-01-31');
    await page.getByLabel('Priority').selectOption('p1');
    await page.getByLabel('New follow-up').fill('Alert on disk usage');
    await page.getByLabel('New follow-up').press('Enter');
    await page.getByLabel('Done: Alert on disk usage').waitFor({ timeout: 10_000 });
    await screenshot(page, 'issue-21-follow-ups-room');

    await page.goto(`${server.url}/follow-ups`);
    const row = page.getByTestId('follow-up-row').filter({ hasText: 'Alert on disk usage' });
    await row.waitFor({ timeout: 10_000 });
    expect(await row.innerText()).toContain('2020-01-31 (overdue)');
    expect(await row.innerText()).toContain('Checkout 502s');
    await screenshot(page, 'issue-21-follow-ups-page', { fullPage: true });
    await page.getByRole('button', { name: 'Mark done: Alert on disk usage' }).click();
    await expect.poll(async () => (await server.api('GET', `/api/incidents/${id}/follow-ups`)).body.followUps.map((f: { status: string }) => f.status)).toEqual(['done']);
  });
});
