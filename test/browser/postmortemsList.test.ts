/**
 * The page of published postmortems in Chromium (issue 20): two published for different
 * services; searching by service with the keyboard shows one, the search is kept in the address
 * (back, reload), a date range with none published says so, and a title opens the postmortem.
 */
import { describe, expect, it } from 'vitest';
import { browserSuite, screenshot, signedInResponder } from '../helpers/browser.ts';
import { signIn } from '../helpers/sessions.ts';
import type { SignedIn } from '../helpers/sessions.ts';

async function publishedPostmortem(ana: SignedIn, title: string, service: string): Promise<string> {
  const declared = await ana.api('POST', '/api/incidents', { title, severity: 'SEV2', service });
  expect(declared.status).toBe(201);
  const id = declared.body.id as string;
  expect((await ana.api('POST', `/api/incidents/${id}/postmortem/review`, { reviewers: [ana.session.userId] })).status).toBe(200);
  expect((await ana.api('POST', `/api/incidents/${id}/postmortem/decision`, { decision: 'approved' })).status).toBe(200);
  expect((await ana.api('POST', `/api/incidents/${id}/postmortem/publish`)).status).toBe(200);
  return id;
}

describe('published postmortems', () => {
  const suite = browserSuite();

  it('lists them, searches by service and date with the keyboard, and keeps the search in the address', async () => {
    const { server, browser, people } = suite;
    const ana = await signIn(server, 'Ana Archivist');
    const search = await publishedPostmortem(ana, 'Search index lost', 'search-api');
    await publishedPostmortem(ana, 'Invoices sent twice', 'billing');
    const viewer = await signedInResponder(browser, server, 'Ana Archivist');
    people.push(viewer);
    const { page } = viewer;
    const rows = page.getByTestId('postmortem-row');

    await page.goto(`${server.url}/postmortems`);
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
    expect(await rows.filter({ hasText: 'Search index lost' }).innerText()).toContain('Ana Archivist');

    await page.getByLabel('Service').fill('search-api');
    await page.getByLabel('Service').press('Enter');
    await expect.poll(() => rows.allInnerTexts(), { timeout: 10_000 }).toEqual([expect.stringMatching(/Search index lost\s+search-api\s+.+\s+Ana Archivist/)]);
    expect(new URL(page.url()).searchParams.get('service')).toBe('search-api');
    await screenshot(page, 'issue-20-postmortems-by-service', { fullPage: true });

    await page.getByLabel('Published from').fill('2099-01-01');
    await page.getByLabel('Published from').press('Enter');
    await page.getByText('No published postmortems match.').waitFor({ timeout: 10_000 });
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ service: 'search-api', from: '2099-01-01' });

    await page.goBack();
    await expect.poll(() => rows.allInnerTexts(), { timeout: 10_000 }).toEqual([expect.stringContaining('Search index lost')]);
    expect(await page.getByLabel('Published from').inputValue()).toBe('');

    await page.goto(`${server.url}/postmortems?service=billing`);
    await expect.poll(() => rows.allInnerTexts(), { timeout: 10_000 }).toEqual([expect.stringContaining('Invoices sent twice')]);
    expect(await page.getByLabel('Service').inputValue()).toBe('billing');

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
    await rows.getByRole('link', { name: 'Search index lost' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/incidents/${search}/postmortem`, { timeout: 10_000 });
  });
});
