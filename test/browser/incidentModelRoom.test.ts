/**
 * The room built from a team's incident model (issue 17, the README's example file): the declare
 * form offers its types, severities and the fields required at declaration; the room names its
 * severities, statuses and roles, edits fields in place, and the stakeholder page shows only the
 * public field.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserSuite, openStakeholderLink, signedInResponder, waitForLive } from '../helpers/browser.ts';
import { tokenFor } from '../helpers/incidents.ts';

describe('a room from the incident model', () => {
  const suite = browserSuite({ INCIDENT_MODEL_FILE: path.resolve('ops/incident-model.example.yaml') });

  it('declares a security incident, edits its fields, and shows stakeholders the public one only', async () => {
    const { server, browser, people } = suite;
    const ana = await signedInResponder(browser, server, 'Ana Lead');
    people.push(ana);
    const { page } = ana;
    await page.goto(server.url + '/');
    await page.getByLabel('What is broken?').fill('Leaked deploy key');
    await page.getByLabel('Type').selectOption('security');
    // The type brings its default severity and privacy.
    expect(await page.getByRole('radio', { name: /SEC0 security/ }).isChecked()).toBe(true);
    expect(await page.getByTestId('declare-private').isChecked()).toBe(true);
    const declare = page.getByRole('button', { name: 'Declare incident' });
    expect(await declare.isDisabled()).toBe(true);
    await page.getByLabel('Affected region').selectOption('eu');
    await declare.click();
    await page.getByTestId('room').waitFor({ timeout: 10_000 });
    await waitForLive(page);
    const incidentId = new URL(page.url()).pathname.split('/').pop()!;

    // The incident's own words: severity, status, and the type's roles.
    expect(await page.locator('.incident-header .severity').first().innerText()).toContain('SEC0 security');
    expect(await page.getByLabel('Status').locator('option').allInnerTexts()).toEqual(['Triage', 'Fixing', 'Watching', 'Closed']);
    await page.getByTestId('role-security-lead').waitFor();
    expect(await page.getByTestId('role-commander').innerText()).toContain('Incident lead');
    await page.getByRole('button', { name: 'Claim Executive sponsor' }).click();
    await expect.poll(() => page.getByTestId('role-exec').getAttribute('data-holders')).toContain(ana.userId);

    // Fields: edited in place from the keyboard; a text field saves on Enter.
    const impact = page.getByTestId('field-customer-impact');
    await expect.poll(() => impact.innerText()).toContain('required before resolving');
    await page.getByRole('button', { name: 'Edit Customer impact' }).click();
    await page.getByLabel('Customer impact').fill('Deploys paused for 20 minutes');
    await page.getByLabel('Customer impact').press('Enter');
    await expect.poll(() => impact.getByTestId('field-value').innerText(), { timeout: 10_000 }).toBe('Deploys paused for 20 minutes');
    expect(await page.getByTestId('field-region').getByTestId('field-value').innerText()).toBe('eu');

    // Stakeholders see the public field and nothing of the other.
    const token = await tokenFor(server, incidentId, 'Board', 'stakeholder');
    const stakeholder = await openStakeholderLink(browser, `${server.url}/s/${incidentId}#token=${encodeURIComponent(token)}`);
    try {
      await stakeholder.page.getByTestId('stakeholder-view').waitFor({ timeout: 10_000 });
      await stakeholder.page.getByTestId('stakeholder-field-region').waitFor();
      expect((await stakeholder.page.getByTestId('stakeholder-field-region').innerText()).toLowerCase()).toBe('affected region\neu');
      expect(await stakeholder.page.locator('body').innerText()).not.toContain('Deploys paused');
      expect(stakeholder.errors).toEqual([]);
    } finally {
      await stakeholder.context.close();
    }
  });
});
