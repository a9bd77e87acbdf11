/**
 * axe-core on every view a responder or stakeholder sees (issue 12): the lobby, the room, the
 * room with a dialog open, the stakeholder view, the replay and the roster, in light and dark
 * mode. No finding is allowed: the issue asked for nothing serious or critical, and the moderate
 * ones (a page without a level-one heading, content outside landmarks) were fixed too, so any
 * new finding is a regression.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { claimRole, launchBrowser, openLobby, openRoom, openStakeholderLink, roleRow, signedInResponder, startBrowserServer, writeEntry } from '../helpers/browser.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
import type { TestServer } from '../helpers/testServer.ts';

const AXE_SOURCE = fs.readFileSync(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8');

interface Finding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

async function axeFindings(page: Page): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, options: object) => Promise<{ violations: any[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n: { target: string[] }) => n.target.join(' ')) }));
  });
}

/** Findings as lines a person can act on: impact, rule, where. */
function described(findings: Finding[]): string[] {
  return findings.map((f) => `${f.impact} ${f.id}: ${f.help} (${f.targets.join(' | ')})`);
}

describe('axe-core finds nothing', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startBrowserServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`in ${colorScheme} mode: lobby, room, room with a dialog, stakeholder view, replay and roster`, async () => {
      const id = await declareIncident(server, `Checkout errors (${colorScheme})`, 'SEV1');
      const ana = await signedInResponder(browser, server, 'Ana Lima', { colorScheme });
      const page = ana.page;
      const found: Record<string, string[]> = {};

      await openLobby(ana, server);
      found.lobby = described(await axeFindings(page));

      await openRoom(ana, server, id);
      await claimRole(page, 'commander', 'Incident commander');
      await expect.poll(() => roleRow(page, 'commander').getAttribute('class'), { timeout: 10_000 }).toContain('mine');
      await writeEntry(page, 'Error rate 12% since 03:02');
      await page.getByLabel('New action item').fill('Roll back deploy 4812');
      await page.getByLabel('New action item').press('Enter');
      found.room = described(await axeFindings(page));

      await roleRow(page, 'commander').getByRole('button', { name: 'Hand off Incident commander' }).click();
      await page.getByRole('dialog').waitFor();
      found['room with hand-off dialog'] = described(await axeFindings(page));
      await page.keyboard.press('Escape');
      await page.getByLabel('Status', { exact: true }).selectOption('resolved');
      await page.getByRole('dialog').waitFor();
      found['room with resolve dialog'] = described(await axeFindings(page));
      await page.keyboard.press('Escape');

      await page.getByRole('link', { name: 'Replay' }).click();
      await page.getByTestId('replay-room').waitFor({ timeout: 10_000 });
      found.replay = described(await axeFindings(page));

      await page.goto(`${server.url}/roster`);
      await page.getByRole('heading', { name: 'On-call roster' }).waitFor({ timeout: 10_000 });
      found.roster = described(await axeFindings(page));

      const link = await tokenFor(server, id, 'Exec team', 'stakeholder');
      const stakeholder = await openStakeholderLink(browser, `${server.url}/s/${id}#token=${encodeURIComponent(link)}`, { colorScheme });
      found['stakeholder view'] = described(await axeFindings(stakeholder.page));
      await stakeholder.context.close();

      expect(ana.errors).toEqual([]);
      await ana.context.close();
      expect(found).toEqual({ lobby: [], room: [], 'room with hand-off dialog': [], 'room with resolve dialog': [], replay: [], roster: [], 'stakeholder view': [] });
    });
  }
});
