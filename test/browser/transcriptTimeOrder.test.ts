/**
 * Entries merged after an offline spell take their place by time (issue 12): in the room, on
 * both screens, and in the replay. Ben writes offline before and after Ana writes online; the
 * merged list holds his two entries together (ahead of or after hers, by Yjs client ids), so
 * either merge order fails without sorting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  launchBrowser,
  openRoom,
  screenshot,
  signedInResponder,
  startBrowserServer,
  startCuttableProxy,
  transcriptTexts,
  waitForLive,
  writeEntry,
} from '../helpers/browser.ts';
import type { CuttableProxy } from '../helpers/browser.ts';
import { declareIncident } from '../helpers/incidents.ts';
import type { TestServer } from '../helpers/testServer.ts';

const IN_ORDER = ['Ben: failover started (offline)', 'Ana: 5xx back to 0.1%', 'Ben: failover done (offline)'];

describe('transcript time order', () => {
  let server: TestServer;
  let browser: Browser;
  let proxy: CuttableProxy;

  beforeAll(async () => {
    server = await startBrowserServer();
    browser = await launchBrowser();
    proxy = await startCuttableProxy(server.url);
  });

  afterAll(async () => {
    await proxy?.close();
    await browser?.close();
    await server?.close();
  });

  it('shows entries written offline in time order once merged, in the room and the replay', async () => {
    const id = await declareIncident(server, 'Primary database failover', 'SEV1');
    const ana = await signedInResponder(browser, server, 'Ana Lima');
    const ben = await signedInResponder(browser, server, 'Ben Ode');
    await Promise.all([openRoom(ana, server, id), openRoom(ben, proxy.url, id)]);

    proxy.cut();
    await ben.page.locator('[data-testid="connection-banner"][data-state="offline"]').waitFor({ timeout: 10_000 });
    await writeEntry(ben.page, IN_ORDER[0]!);
    await expect.poll(() => transcriptTexts(ben.page)).toEqual([IN_ORDER[0]]);
    await writeEntry(ana.page, IN_ORDER[1]!);
    await expect.poll(() => transcriptTexts(ana.page)).toEqual([IN_ORDER[1]]);
    await writeEntry(ben.page, IN_ORDER[2]!);
    await expect.poll(() => transcriptTexts(ben.page)).toEqual([IN_ORDER[0], IN_ORDER[2]]);
    await screenshot(ana.page, 'issue-12-time-order-before');

    proxy.restore();
    await waitForLive(ben.page);
    for (const r of [ana, ben]) await expect.poll(() => transcriptTexts(r.page), { timeout: 15_000 }).toEqual(IN_ORDER);
    await screenshot(ana.page, 'issue-12-time-order-after');

    await ana.page.getByRole('link', { name: 'Replay' }).click();
    await ana.page.getByTestId('replay-room').waitFor({ timeout: 10_000 });
    await ana.page.keyboard.press('End');
    await expect.poll(() => ana.page.getByTestId('replay-entry-text').allInnerTexts(), { timeout: 10_000 }).toEqual(IN_ORDER);

    expect([...ana.errors, ...ben.errors]).toEqual([]);
    await Promise.all([ana.context.close(), ben.context.close()]);
  });
});
