/**
 * Two responders in two browsers: a claim shows up on the other screen, and a second claimant
 * is told who holds the role; when both click at once, exactly one wins and both screens agree.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { claimRole, launchBrowser, openRoom, roleRow, signedInResponder, startBrowserServer } from '../helpers/browser.ts';
import type { Responder } from '../helpers/browser.ts';
import { declareIncident } from '../helpers/incidents.ts';
import type { TestServer } from '../helpers/testServer.ts';

describe('claiming roles in the room', () => {
  let server: TestServer;
  let browser: Browser;
  const responders: Responder[] = [];

  beforeAll(async () => {
    server = await startBrowserServer();
    browser = await launchBrowser();
  });

  afterEach(async () => {
    await Promise.all(responders.splice(0).map((r) => r.context.close()));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function twoResponders(incidentId: string): Promise<[Responder, Responder]> {
    const alice = await signedInResponder(browser, server, 'Alice Nguyen');
    const bob = await signedInResponder(browser, server, 'Bob Okafor');
    responders.push(alice, bob);
    await Promise.all([openRoom(alice, server, incidentId), openRoom(bob, server, incidentId)]);
    return [alice, bob];
  }

  it('shows a claim to the other responder, and a second claim names the holder', async () => {
    const incidentId = await declareIncident(server, 'Payment webhooks failing', 'SEV2');
    const [alice, bob] = await twoResponders(incidentId);

    await claimRole(alice.page, 'commander', 'Incident commander');

    const bobsCommander = roleRow(bob.page, 'commander');
    await expect.poll(() => bobsCommander.getByTestId('role-holder').innerText(), { timeout: 10_000 }).toContain('Alice Nguyen');
    // Alice sees the role as hers; Bob does not.
    await expect.poll(() => roleRow(alice.page, 'commander').getAttribute('class')).toContain('mine');
    expect(await bobsCommander.getAttribute('class')).not.toContain('mine');

    await claimRole(bob.page, 'commander', 'Incident commander');
    const refusal = bobsCommander.getByTestId('role-error');
    await refusal.waitFor({ timeout: 10_000 });
    expect(await refusal.innerText()).toContain('Alice Nguyen already holds Incident commander');

    // Nothing changed: the server, and both screens, still name Alice.
    const detail = await server.api('GET', `/api/incidents/${incidentId}`);
    expect(detail.body.roles.commander).toMatchObject({ id: alice.userId, name: 'Alice Nguyen' });
    expect(await bobsCommander.getByTestId('role-holder').innerText()).toContain('Alice Nguyen');
    expect(await roleRow(alice.page, 'commander').getByTestId('role-holder').innerText()).toContain('Alice Nguyen');

    // Presence shows Alice in the room as IC on Bob's screen.
    const alicePresence = bob.page.getByTestId('presence-person').filter({ hasText: 'Alice Nguyen' });
    await expect.poll(() => alicePresence.innerText(), { timeout: 10_000 }).toContain('IC');

    // Alice hands the role to Bob with a note, picking him from the people in the incident.
    await roleRow(alice.page, 'commander').getByRole('button', { name: 'Hand off Incident commander' }).click();
    const dialog = alice.page.getByRole('dialog', { name: 'Hand off Incident commander' });
    await dialog.getByLabel('To').selectOption({ label: 'Bob Okafor' });
    await dialog.getByLabel('Note for them').fill('Rollback is running; next update due at :30');
    await dialog.getByRole('button', { name: 'Hand off' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => roleRow(bob.page, 'commander').getAttribute('class'), { timeout: 10_000 }).toContain('mine');
    await expect.poll(() => roleRow(alice.page, 'commander').getByTestId('role-holder').innerText(), { timeout: 10_000 }).toContain('Bob Okafor');
    const handedOff = await server.api('GET', `/api/incidents/${incidentId}`);
    expect(handedOff.body.roles.commander).toMatchObject({ id: bob.userId, name: 'Bob Okafor' });

    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });

  it('lets exactly one of two simultaneous claims win, and both screens agree', async () => {
    const incidentId = await declareIncident(server, 'Search index stale', 'SEV3');
    const [alice, bob] = await twoResponders(incidentId);

    await Promise.all([claimRole(alice.page, 'scribe', 'Scribe'), claimRole(bob.page, 'scribe', 'Scribe')]);

    const detail = await server.api('GET', `/api/incidents/${incidentId}`);
    const winner = detail.body.roles.scribe as { id: string; name: string };
    expect([alice.userId, bob.userId]).toContain(winner.id);
    const [won, lost] = winner.id === alice.userId ? [alice, bob] : [bob, alice];

    for (const r of [alice, bob]) {
      await expect.poll(() => roleRow(r.page, 'scribe').getByTestId('role-holder').innerText(), { timeout: 10_000 }).toContain(winner.name);
    }
    const refusal = roleRow(lost.page, 'scribe').getByTestId('role-error');
    await refusal.waitFor({ timeout: 10_000 });
    expect(await refusal.innerText()).toContain(`${winner.name} already holds Scribe`);
    expect(await roleRow(won.page, 'scribe').getByTestId('role-error').count()).toBe(0);

    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });
});
