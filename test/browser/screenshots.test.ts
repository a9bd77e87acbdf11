/**
 * Screenshots of the lobby, the room and the stakeholder view, light and dark, desktop and
 * phone, saved under test-artifacts/screenshots/ for people to look at. The layout rules that
 * can be checked are asserted: the room fits one screen, nothing moves while entries stream in
 * or the connection drops, and the stakeholder view never scrolls sideways on a phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  claimRole,
  launchBrowser,
  openRoom,
  openStakeholderLink,
  screenshot,
  signedInResponder,
  startBrowserServer,
  startCuttableProxy,
  writeEntry,
} from '../helpers/browser.ts';
import type { Responder } from '../helpers/browser.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import type { TestServer } from '../helpers/testServer.ts';

const SCRIPT = [
  'Paged by alertmanager: checkout 5xx at 12% in eu-west-1',
  'Error spike lines up with deploy 4812 (payments client v3.2)',
  '/q did anything change in the payment provider config?',
  'Provider status page is green; their API answers from us-east',
  '/a Chris to post the first stakeholder update',
  'Connection pool to payments-db at 100%, waits above 2 s',
  '/d roll back deploy 4812 now, investigate after',
  'Rollback started: 3 of 12 pods replaced',
  'Rollback done; 5xx falling, 2.1% and dropping',
  '/q do we need to replay failed orders?',
  'Queue of failed orders: 1,284 since 14:02',
  '/a Priya to prepare the replay script',
];

async function boxes(page: Page, selectors: string[]): Promise<Record<string, { x: number; y: number; width: number; height: number } | null>> {
  const out: Record<string, { x: number; y: number; width: number; height: number } | null> = {};
  for (const selector of selectors) out[selector] = await page.locator(selector).first().boundingBox();
  return out;
}

describe('screenshots and layout', () => {
  let server: TestServer;
  let browser: Browser;
  const people: Responder[] = [];

  beforeAll(async () => {
    server = await startBrowserServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await Promise.all(people.map((p) => p.context.close()));
    await browser?.close();
    await server?.close();
  });

  it('renders the lobby, the room and the stakeholder view without layout jumps', async () => {
    // A lobby with history: one of each severity, one resolved.
    const older = await declareIncident(server, 'Search results stale for some tenants', 'SEV3');
    await server.api('POST', `/api/incidents/${older}/commands`, { type: 'setStatus', status: 'monitoring' });
    const resolved = await declareIncident(server, 'Nightly export job failed', 'SEV4');
    await server.api('POST', `/api/incidents/${resolved}/commands`, { type: 'setStatus', status: 'resolved' });
    const degraded = await declareIncident(server, 'Elevated latency on image uploads', 'SEV2');
    await server.api('POST', `/api/incidents/${degraded}/commands`, { type: 'acknowledge' });
    const incidentId = await declareIncident(server, 'Checkout failing for EU customers', 'SEV1');

    const proxy = await startCuttableProxy(server.url);
    try {
      const alice = await signedInResponder(browser, server, 'Alice Nguyen');
      const sam = await signedInResponder(browser, server, 'Sam Patel');
      const chris = await signedInResponder(browser, server, 'Chris Okafor');
      people.push(alice, sam, chris);
      await Promise.all([openRoom(alice, proxy.url, incidentId), openRoom(sam, server, incidentId), openRoom(chris, server, incidentId)]);

      await alice.page.getByRole('button', { name: 'Acknowledge' }).click();
      await claimRole(alice.page, 'commander', 'Incident commander');
      await claimRole(alice.page, 'primary', 'Primary responder');
      await claimRole(sam.page, 'scribe', 'Scribe');
      await claimRole(chris.page, 'comms', 'Communication coordinator');
      await alice.page.getByLabel('SME name').fill('Priya Raman');
      await alice.page.getByLabel('SME domain').fill('payments database');
      await alice.page.getByLabel('SME domain').press('Enter');
      await alice.page.getByLabel('SME name').fill('Jonas Weber');
      await alice.page.getByLabel('SME domain').fill('EU network edge');
      await alice.page.getByLabel('SME domain').press('Enter');

      for (const line of SCRIPT.slice(0, 8)) await writeEntry(sam.page, line);

      const actions = alice.page.getByLabel('New action item');
      for (const title of ['Post first stakeholder update', 'Confirm rollback on all 12 pods', 'Prepare replay of failed orders']) {
        await actions.fill(title);
        await actions.press('Enter');
      }
      const items = alice.page.getByTestId('action-item');
      await items.nth(0).getByRole('combobox').selectOption({ label: 'Chris Okafor' });
      await items.nth(1).getByRole('combobox').selectOption({ label: 'Alice Nguyen' });
      await items.nth(0).getByRole('checkbox').check();

      const update = chris.page.getByRole('textbox', { name: 'Update for stakeholders' });
      await update.fill('We are investigating failed card payments for customers in Europe. Next update in 15 minutes.');
      await chris.page.getByRole('button', { name: 'Publish' }).click();
      await chris.page.getByTestId('stakeholder-update').waitFor();
      await update.fill('We rolled back a change and payments are recovering. We will confirm once error rates are normal.');
      await chris.page.getByRole('button', { name: 'Publish' }).click();
      await expect.poll(() => alice.page.getByTestId('stakeholder-update').count(), { timeout: 10_000 }).toBe(2);
      await expect.poll(() => alice.page.getByTestId('transcript-entry').count(), { timeout: 10_000 }).toBe(8);
      await expect.poll(() => alice.page.getByTestId('presence-person').count(), { timeout: 10_000 }).toBe(3);

      // One screen: the room does not scroll as a page at a laptop size.
      const page = alice.page;
      expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight + 1)).toBe(true);

      // No layout jumps: nothing moves while entries stream in, someone types, or the connection drops.
      const watched = ['[data-testid="incident-title"]', '.roles-panel', '.transcript-panel', '[data-testid="composer-input"]', '.actions-panel', '.updates-panel'];
      const before = await boxes(page, watched);
      for (const line of SCRIPT.slice(8)) await writeEntry(sam.page, line);
      await sam.page.getByTestId('composer-input').pressSequentially('still typing');
      await expect.poll(() => page.getByTestId('transcript-entry').count(), { timeout: 10_000 }).toBe(SCRIPT.length);
      await expect
        .poll(() => page.getByTestId('presence-person').filter({ hasText: 'Sam Patel' }).getAttribute('data-typing'), { timeout: 10_000 })
        .toBe('true');
      expect(await boxes(page, watched)).toEqual(before);
      await screenshot(page, 'room-light');

      proxy.cut();
      await page.locator('[data-testid="connection-banner"][data-state="offline"]').waitFor({ timeout: 10_000 });
      expect(await boxes(page, watched)).toEqual(before);
      await screenshot(page, 'room-offline');
      proxy.restore();
      await page.locator('[data-testid="connection-banner"][data-state="live"]').waitFor({ timeout: 15_000 });
      // Back online, the others are listed again at once (not after their next presence heartbeat).
      await expect.poll(() => page.getByTestId('presence-person').count(), { timeout: 5_000 }).toBe(3);

      await page.emulateMedia({ colorScheme: 'dark' });
      await screenshot(page, 'room-dark');
      await page.emulateMedia({ colorScheme: 'light' });

      await page.getByRole('button', { name: 'Share stakeholder link' }).click();
      await page.getByRole('button', { name: 'Create link' }).click();
      await page.getByTestId('stakeholder-link-url').waitFor();
      await screenshot(page, 'room-share-link');
      await page.getByRole('button', { name: 'Close' }).click();

      await page.goto(server.url + '/');
      await expect.poll(() => page.getByTestId('lobby-row').count(), { timeout: 10_000 }).toBe(4);
      await screenshot(page, 'lobby-light');
      await page.emulateMedia({ colorScheme: 'dark' });
      await screenshot(page, 'lobby-dark');

      const link = `${server.url}/s/${incidentId}#token=${await tokenFor(server, incidentId, 'Support', 'stakeholder')}`;
      const phone = await openStakeholderLink(browser, link);
      await expect.poll(() => phone.page.getByTestId('transcript-entry').count(), { timeout: 10_000 }).toBe(SCRIPT.length);
      // Readable on a phone: nothing wider than the screen.
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await screenshot(phone.page, 'stakeholder-phone', { fullPage: true });
      await phone.page.emulateMedia({ colorScheme: 'dark' });
      await screenshot(phone.page, 'stakeholder-phone-dark');

      const desktop = await openStakeholderLink(browser, link, { viewport: { width: 1280, height: 900 }, isMobile: false });
      await screenshot(desktop.page, 'stakeholder-desktop');

      expect([...alice.errors, ...sam.errors, ...chris.errors, ...phone.errors, ...desktop.errors]).toEqual([]);
      await Promise.all([phone.context.close(), desktop.context.close()]);
    } finally {
      await proxy.close();
    }
  });
});
