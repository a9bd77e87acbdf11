/**
 * The public status page in Chromium (issue 21): read without a session, on a desk and on a
 * phone, showing the incident on the page with its public update, its service's state and
 * history, and nothing of an incident not marked for the page or a private one.
 */
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserSuite, screenshot, signedInResponder, waitForLive } from '../helpers/browser.ts';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const overflowX = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);

/** A visitor: a fresh context with no cookie, its uncaught errors collected. */
async function visitor(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, errors };
}

describe('the status page in a browser', () => {
  const suite = browserSuite({ STATUS_PAGE: 'public', STATUS_PAGE_NAME: 'Acme Status' });

  it('shows an incident on the page and its public update to a visitor without a session, on a desk and a phone', async () => {
    const { server, browser } = suite;
    for (const service of ['checkout', 'search']) expect((await server.api('PUT', `/api/services/${service}`, {})).status).toBe(200);
    const shown = (await server.api('POST', '/api/incidents', { title: 'Checkout errors', severity: 'SEV2', service: 'checkout', statusPage: true })).body.id;
    await server.api('POST', `/api/incidents/${shown}/commands`, { type: 'publishStatusUpdate', text: 'Some checkouts fail; we are rolling back a deploy.', status: 'identified' });
    await server.api('POST', '/api/incidents', { title: 'Search index rebuild stuck', severity: 'SEV1', service: 'search' });
    await server.api('POST', '/api/incidents', { title: 'Payroll export leaked', severity: 'SEV1', private: true });

    for (const [name, options] of [
      ['desk', {}],
      ['phone', PHONE],
    ] as const) {
      const { context, page, errors } = await visitor(browser, options);
      try {
        await page.goto(`${server.url}/status`);
        await expect.poll(() => page.getByTestId('status-banner').textContent(), { timeout: 10_000 }).toBe('Partial System Outage');
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Acme Status');
        const incident = page.getByTestId('status-incident');
        expect(await incident.count()).toBe(1);
        expect(await incident.getByRole('heading').textContent()).toBe('Checkout errors');
        expect(await incident.getByTestId('status-update').textContent()).toContain('Some checkouts fail; we are rolling back a deploy.');
        const components = page.getByTestId('status-component');
        expect(await components.evaluateAll((els) => els.map((e) => [e.querySelector('.status-component-name')!.textContent, e.getAttribute('data-status')]))).toEqual([
          ['checkout', 'partial_outage'],
          ['search', 'operational'],
        ]);
        expect(await components.first().locator('.status-day').count()).toBe(90);
        const text = await page.locator('body').innerText();
        expect(text).not.toContain('Search index rebuild stuck');
        expect(text).not.toContain('Payroll');
        expect(await overflowX(page)).toBeLessThanOrEqual(0);
        await screenshot(page, `issue-21-status-page-${name}`, { fullPage: true });
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });

  it('lets the room put its incident on the page under a public name and publish to it, which a visitor then reads', async () => {
    const { server, browser, people } = suite;
    const ana = await signedInResponder(browser, server, 'Ana Comms');
    people.push(ana);
    const id = (await server.api('POST', '/api/incidents', { title: 'db-7 replication lag', severity: 'SEV2', service: 'checkout' })).body.id;
    const { page } = ana;
    await page.goto(`${server.url}/incidents/${id}`);
    await waitForLive(page);
    await page.getByRole('button', { name: 'Claim Communication coordinator' }).click();
    const panel = page.getByTestId('status-page-panel');
    await panel.getByLabel('Public name').fill('Slow checkout');
    await panel.getByRole('button', { name: 'Put on the status page' }).click();
    await panel.getByLabel('Update for the status page').fill('Checkout is slow; we are on it.');
    await panel.getByLabel('Update for the status page').press('Control+Enter');
    await panel.getByTestId('status-page-update').waitFor({ timeout: 10_000 });

    const { context, page: visitorPage } = await visitor(browser);
    try {
      await visitorPage.goto(`${server.url}/status`);
      await expect.poll(() => visitorPage.locator('body').innerText(), { timeout: 10_000 }).toContain('Checkout is slow; we are on it.');
      const body = await visitorPage.locator('body').innerText();
      expect(body).toContain('Slow checkout');
      expect(body).not.toContain('db-7 replication lag');
    } finally {
      await context.close();
    }
  });
});
