/**
 * Resolution in the room (issue 12): choosing Resolved asks for the final stakeholder update and
 * publishes it with the resolution; the resolved room says it is closed, offers no Acknowledge
 * and no role changes; an incident declared by hand in the lobby is acknowledged by its declarer.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { claimRole, exportOf, launchBrowser, openLobby, roleRow, signedInResponder, startBrowserServer, waitForLive } from '../helpers/browser.ts';
import type { Responder } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/testServer.ts';

describe('a resolved incident in the room', () => {
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

  it('is acknowledged by whoever declares it by hand, prompts for the final update, and shows it is closed', async () => {
    const ana = await signedInResponder(browser, server, 'Ana Lima');
    people.push(ana);
    const page = ana.page;
    await openLobby(ana, server);
    await page.getByLabel('What is broken?').fill('Login page times out');
    await page.getByRole('button', { name: 'Declare incident' }).click();
    await page.getByTestId('room').waitFor({ timeout: 10_000 });
    await waitForLive(page);
    await expect.poll(() => page.getByTestId('acknowledged').innerText(), { timeout: 10_000 }).toContain('Ana Lima');
    expect(await page.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    const id = page.url().split('/').pop()!;

    await claimRole(page, 'commander', 'Incident commander');
    await expect.poll(() => roleRow(page, 'commander').getAttribute('class'), { timeout: 10_000 }).toContain('mine');
    await page.getByLabel('Status', { exact: true }).selectOption('resolved');
    const dialog = page.getByRole('dialog', { name: /Resolve/ });
    await dialog.getByLabel('Final update for stakeholders').fill('Resolved: logins work again since 04:10 UTC; cause was an expired certificate.');
    await dialog.getByRole('button', { name: 'Publish and resolve' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });

    await expect.poll(() => page.getByTestId('closed-notice').innerText(), { timeout: 10_000 }).toContain('this incident is closed');
    expect(await page.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^(Claim|Release|Hand off|Take over)/ }).count()).toBe(0);
    expect(await page.getByLabel('Severity', { exact: true }).isDisabled()).toBe(true);

    const record = await exportOf(server, id);
    expect(record.incident.status).toBe('resolved');
    expect(record.updates.map((u: { text: string }) => u.text)).toEqual(['Resolved: logins work again since 04:10 UTC; cause was an expired certificate.']);
    expect(record.incident.acknowledgedBy).toMatchObject({ id: ana.userId });
  });
});
