/**
 * Role rescue in the room (issue 12): a commander whose laptop died no longer freezes the
 * incident. Another responder sees the holder is away, takes the role over after confirming
 * (refused until the holder has been away for ROLE_AWAY_SEC, moved past on the server's test
 * clock), and the previous holder is told when they come back; the commander reassigns any role.
 */
import { describe, expect, it } from 'vitest';
import { browserSuite, claimRole, exportOf, openRoom, roleRow, screenshot, signedInResponder } from '../helpers/browser.ts';
import type { Responder } from '../helpers/browser.ts';
import { declareIncident } from '../helpers/incidents.ts';
import { TestClock } from '../helpers/testClock.ts';

/** ROLE_AWAY_SEC's default. */
const AWAY_MS = 120_000;

describe('rescuing a role in the room', () => {
  const clock = new TestClock({ running: true });
  const suite = browserSuite({}, { clock });

  async function responder(name: string): Promise<Responder> {
    const r = await signedInResponder(suite.browser, suite.server, name);
    suite.people.push(r);
    return r;
  }

  it('takes over from a commander who went away, after a confirmation, and tells them', async () => {
    const id = await declareIncident(suite.server, 'Checkout 5xx, commander offline', 'SEV1');
    const carla = await responder('Carla Commander');
    const ben = await responder('Ben Backup');
    await Promise.all([openRoom(carla, suite.server, id), openRoom(ben, suite.server, id)]);
    await claimRole(carla.page, 'commander', 'Incident commander');
    const commander = roleRow(ben.page, 'commander');
    await expect.poll(() => commander.getByTestId('role-holder').innerText(), { timeout: 10_000 }).toBe('Carla Commander');
    // While she is here, the role is hers: no take-over is offered.
    expect(await commander.getByRole('button', { name: 'Take over Incident commander' }).count()).toBe(0);

    // Her laptop dies.
    await carla.page.close();
    await commander.getByTestId('role-away').waitFor({ timeout: 10_000 });
    expect(await ben.page.getByLabel('Status', { exact: true }).isDisabled()).toBe(true);
    await screenshot(ben.page, 'issue-12-role-rescue-before');

    // Too soon: the suite.server says how long is left, in the dialog.
    await commander.getByRole('button', { name: 'Take over Incident commander' }).click();
    const dialog = ben.page.getByRole('dialog', { name: 'Take over Incident commander' });
    await dialog.getByText('is not connected to this incident').waitFor();
    await dialog.getByRole('button', { name: 'Take over' }).click();
    await expect.poll(() => dialog.getByRole('alert').innerText(), { timeout: 10_000 }).toMatch(/Carla Commander has been away for less than 120 s/);
    expect((await exportOf(suite.server, id)).roles.commander.name).toBe('Carla Commander');

    clock.advance(AWAY_MS);
    await dialog.getByRole('button', { name: 'Take over' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });
    await expect.poll(() => commander.getAttribute('class'), { timeout: 10_000 }).toContain('mine');
    // The keyboard stays on the role's actions rather than falling to the top of the page.
    // Focus moves in an effect after the render that shows the role as mine: wait for it.
    await expect.poll(() => ben.page.evaluate(() => document.activeElement?.getAttribute('aria-label')), { timeout: 10_000 }).toBe('Hand off Incident commander');
    await expect.poll(() => ben.page.getByLabel('Status', { exact: true }).isDisabled(), { timeout: 10_000 }).toBe(false);
    await screenshot(ben.page, 'issue-12-role-rescue-after');

    const record = await exportOf(suite.server, id);
    expect(record.events.find((e: { type: string }) => e.type === 'role.takenOver')).toMatchObject({
      actor: { id: ben.userId },
      from: { id: carla.userId, name: 'Carla Commander' },
      to: { id: ben.userId, name: 'Ben Backup' },
    });

    // Carla is back: the room tells her who took her role.
    carla.page = await carla.context.newPage();
    await openRoom(carla, suite.server, id);
    const notice = roleRow(carla.page, 'commander').getByTestId('role-taken');
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.innerText()).toContain('Ben Backup took over Incident commander from you');
  });

  it('lets the commander reassign a role someone else holds', async () => {
    const id = await declareIncident(suite.server, 'Scribe stuck in a meeting', 'SEV2');
    const carla = await responder('Carla Commander');
    const dan = await responder('Dan Scribe');
    await Promise.all([openRoom(carla, suite.server, id), openRoom(dan, suite.server, id)]);
    await claimRole(carla.page, 'commander', 'Incident commander');
    await expect.poll(() => roleRow(carla.page, 'commander').getAttribute('class'), { timeout: 10_000 }).toContain('mine');
    await claimRole(dan.page, 'scribe', 'Scribe');
    const scribe = roleRow(carla.page, 'scribe');
    await expect.poll(() => scribe.getByTestId('role-holder').innerText(), { timeout: 10_000 }).toBe('Dan Scribe');

    await scribe.getByRole('button', { name: 'Reassign Scribe' }).click();
    const dialog = carla.page.getByRole('dialog', { name: 'Reassign Scribe' });
    await dialog.getByLabel('To').selectOption({ label: 'Carla Commander' });
    await dialog.getByLabel('Note for them').fill('Dan is needed on the database call');
    await dialog.getByRole('button', { name: 'Reassign' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });

    const danSees = roleRow(dan.page, 'scribe').getByTestId('role-taken');
    await danSees.waitFor({ timeout: 10_000 });
    expect(await danSees.innerText()).toContain('Carla Commander reassigned Scribe from you to Carla Commander');
    // Wherever he is in the app, a card tells him too (socket.io role:taken).
    const card = dan.page.locator('[data-testid="page-alert"][data-kind="roleTaken"]');
    await card.waitFor({ timeout: 10_000 });
    expect(await card.textContent()).toContain('Carla Commander reassigned Scribe from you to Carla Commander.');
    expect((await exportOf(suite.server, id)).roles.scribe.name).toBe('Carla Commander');
  });
});
