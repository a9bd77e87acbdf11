/**
 * The incident lifecycle in the browser: the on-call responder is paged wherever they are in the
 * app and acknowledges from the alert; the room shows pages, role checklists co-edited live, the
 * note left with a hand-off, the update cadence and roles nobody took; the roster is edited in
 * its own page and feeds the declare form; the lobby shows MTTA / MTTR; and the replay steps
 * through the incident as it unfolded.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  claimRole,
  exportOf,
  launchBrowser,
  openLobby,
  openRoom,
  pageAlert,
  roleRow,
  signedInResponder,
  startBrowserServer,
  waitForLive,
  writeEntry,
} from '../helpers/browser.ts';
import type { Responder } from '../helpers/browser.ts';
import { declareIncident } from '../helpers/incidents.ts';
import type { TestServer } from '../helpers/testServer.ts';

describe('incident lifecycle in the browser', () => {
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

  async function responder(name: string): Promise<Responder> {
    const r = await signedInResponder(browser, server, name);
    people.push(r);
    return r;
  }

  it('pages the on-call responder, who acknowledges from the alert; the replay shows the incident unfolding', async () => {
    const dana = await responder('Dana Oncall');
    await openLobby(dana, server);

    const roster = await server.api('PUT', '/api/services/payments', {
      primary: { userId: dana.userId, name: 'Dana Oncall' },
      secondary: null,
      smes: [{ name: 'Priya Raman', domain: 'database' }],
      webhooks: [],
      slackWebhooks: [],
    });
    expect(roster.status).toBe(200);
    const declared = await server.api('POST', '/api/incidents', { title: 'Card payments failing', severity: 'SEV1', service: 'payments' });
    expect(declared.status).toBe(201);
    const id = declared.body.id as string;

    // The page reaches the lobby she has open.
    const alert = pageAlert(dana.page, id);
    await alert.waitFor({ timeout: 10_000 });
    expect(await alert.innerText()).toContain('Card payments failing');
    expect(await alert.innerText()).toMatch(/you are paged/i);
    const before = await exportOf(server, id);
    expect(before.incident.acknowledgedAt).toBeNull();
    expect(before.pages).toMatchObject([{ target: { id: dana.userId, name: 'Dana Oncall' }, reason: 'declared', acknowledgedAt: null }]);

    await alert.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => alert.getAttribute('data-state'), { timeout: 10_000 }).toBe('done');
    const acked = await exportOf(server, id);
    expect(acked.incident.acknowledgedAt).toBeTypeOf('number');
    expect(acked.incident.acknowledgedBy).toMatchObject({ id: dana.userId });
    expect(acked.pages).toHaveLength(1);
    expect(acked.pages[0].acknowledgedAt).toBeTypeOf('number');
    expect(acked.events.map((e: { type: string }) => e.type)).toContain('acknowledged');

    // From the alert to the room, which lists the page as acknowledged.
    const page = dana.page;
    await alert.getByRole('link', { name: 'Open the room' }).click();
    await page.getByTestId('room').waitFor();
    await waitForLive(page);
    const record = page.getByTestId('page-record');
    await expect.poll(() => record.getAttribute('data-acknowledged'), { timeout: 10_000 }).toBe('true');
    expect(await record.innerText()).toMatch(/Dana Oncall\s+on call/);
    expect(await page.getByTestId('acknowledged').innerText()).toContain('Dana Oncall');
    // The roster filled her role; the SME came with it.
    expect(await roleRow(page, 'primary').getByTestId('role-holder').innerText()).toBe('Dana Oncall');
    expect(await page.getByTestId('sme').innerText()).toContain('Priya Raman');

    await writeEntry(page, 'Card declines at 40% since 14:02');
    await expect.poll(async () => (await exportOf(server, id)).transcript.length, { timeout: 10_000 }).toBe(1);
    // A moment that only the first entry had happened by, to replay to below.
    await new Promise((r) => setTimeout(r, 50));
    const afterFirstEntry = Date.now();
    await new Promise((r) => setTimeout(r, 50));
    await writeEntry(page, '/d fail over to the backup acquirer');
    await expect.poll(async () => (await exportOf(server, id)).transcript.length, { timeout: 10_000 }).toBe(2);
    await page.getByLabel('Status').selectOption('identified');
    await expect.poll(async () => (await exportOf(server, id)).incident.status, { timeout: 10_000 }).toBe('identified');

    // The replay, from the room's header.
    await page.getByRole('link', { name: 'Replay' }).click();
    await page.getByTestId('replay-room').waitFor({ timeout: 10_000 });
    const range = (await server.api('GET', `/api/incidents/${id}/replay`)).body as { moments: number[] };
    const replayed = page.getByTestId('replay-room');
    const shownAt = () => replayed.getAttribute('data-at');
    const slider = page.getByTestId('replay-slider');
    await slider.focus();

    // The first moment: declared, nothing written, nobody acknowledged.
    await slider.press('Home');
    await expect.poll(shownAt, { timeout: 10_000 }).toBe(String(range.moments[0]));
    expect(await page.getByTestId('replay-status').innerText()).toBe('Investigating');
    expect(await page.getByTestId('replay-entry').count()).toBe(0);
    expect(await page.getByTestId('replay-unacknowledged').count()).toBe(1);
    expect(await page.getByTestId('replay-title').innerText()).toBe('Card payments failing');

    // Arrow keys step one moment at a time, up to the moment after the first entry.
    const early = range.moments.filter((m) => m <= afterFirstEntry).length - 1;
    expect(early).toBeGreaterThan(0);
    for (let i = 0; i < early; i++) await slider.press('ArrowRight');
    await expect.poll(shownAt, { timeout: 10_000 }).toBe(String(range.moments[early]));
    expect(await page.getByTestId('replay-entry-text').allInnerTexts()).toEqual(['Card declines at 40% since 14:02']);
    expect(await page.getByTestId('replay-status').innerText()).toBe('Investigating');
    expect(await page.getByTestId('replay-acknowledged').innerText()).toContain('Dana Oncall');

    // The end: both entries, the new status, the timeline with every step.
    await slider.press('End');
    await expect.poll(shownAt, { timeout: 10_000 }).toBe(String(range.moments.at(-1)));
    expect(await page.getByTestId('replay-entry-text').allInnerTexts()).toEqual(['Card declines at 40% since 14:02', 'fail over to the backup acquirer']);
    expect(await page.getByTestId('replay-status').innerText()).toBe('Identified');
    const types = await page.getByTestId('replay-event').evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
    expect(types).toEqual(expect.arrayContaining(['declared', 'role.assigned', 'paged', 'acknowledged', 'status.changed']));

    // Play steps forward through the moments by itself.
    await slider.press('Home');
    await expect.poll(shownAt, { timeout: 10_000 }).toBe(String(range.moments[0]));
    await page.getByRole('button', { name: '▶ Play' }).click();
    await expect.poll(shownAt, { timeout: 10_000 }).toBe(String(range.moments[2]));
    await page.getByRole('button', { name: '❚❚ Pause' }).click();
  });
});
