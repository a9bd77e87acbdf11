/**
 * Resolution in the room (issue 12): choosing Resolved asks for the final stakeholder update and
 * publishes it with the resolution; the resolved room says it is closed, offers no Acknowledge
 * and no role changes; an incident declared by hand in the lobby is acknowledged by its declarer.
 */
import { describe, expect, it } from 'vitest';
import { browserSuite, claimRole, exportOf, openLobby, roleRow, signedInResponder, waitForLive } from '../helpers/browser.ts';

describe('a resolved incident in the room', () => {
  const suite = browserSuite();

  it('is acknowledged by whoever declares it by hand, prompts for the final update, and shows it is closed', async () => {
    const ana = await signedInResponder(suite.browser, suite.server, 'Ana Lima');
    suite.people.push(ana);
    const page = ana.page;
    await openLobby(ana, suite.server);
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

    const record = await exportOf(suite.server, id);
    expect(record.incident.status).toBe('resolved');
    expect(record.updates.map((u: { text: string }) => u.text)).toEqual(['Resolved: logins work again since 04:10 UTC; cause was an expired certificate.']);
    expect(record.incident.acknowledgedBy).toMatchObject({ id: ana.userId });
  });
});
