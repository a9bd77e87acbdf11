/**
 * The incident lifecycle in the browser: the on-call responder is paged wherever they are in the
 * app and acknowledges from the alert; the room shows pages, role checklists co-edited live, the
 * note left with a hand-off, the update cadence and roles nobody took; the roster is edited in
 * its own page and feeds the declare form; the lobby shows MTTA / MTTR; and the replay steps
 * through the incident as it unfolded.
 */
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  claimRole,
  exportOf,
  launchBrowser,
  openLobby,
  openRoom,
  pageAlert,
  openStakeholderLink,
  roleRow,
  screenshot,
  signedInResponder,
  startBrowserServer,
  waitForLive,
  writeEntry,
} from '../helpers/browser.ts';
import type { Responder } from '../helpers/browser.ts';
import { declareIncident, tokenFor } from '../helpers/incidents.ts';
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

  it('co-edits role checklists live, carries them over a hand-off with its note, and pages an SME', async () => {
    const id = await declareIncident(server, 'Search index stale', 'SEV2');
    const alice = await responder('Alice Nguyen');
    const bob = await responder('Bob Okafor');
    // Alice's state document arrives through a relay that can hold changes back, as a slow link would.
    let holdBackState = false;
    await alice.page.routeWebSocket(/\/yjs\/inc-[a-z0-9]+\.state$/, (ws) => {
      const upstream = ws.connectToServer();
      ws.onMessage((message) => upstream.send(message));
      upstream.onMessage((message) => {
        if (!holdBackState) ws.send(message);
      });
    });
    await Promise.all([openRoom(alice, server, id), openRoom(bob, server, id)]);

    await claimRole(alice.page, 'commander', 'Incident commander');
    await expect.poll(() => roleRow(alice.page, 'commander').getAttribute('class'), { timeout: 10_000 }).toContain('mine');
    // The holder's checklist opens by itself, with the defaults the server seeded.
    const alicesList = alice.page.getByTestId('checklist-commander');
    await alicesList.getByTestId('checklist-item').first().waitFor();
    expect(await alicesList.getByTestId('checklist-text').allInnerTexts()).toEqual([
      'Confirm severity',
      'Assign a scribe',
      'Assign communications',
      'Set the next update time',
    ]);
    // Others see it closed and can open it.
    const bobsList = bob.page.getByTestId('checklist-commander');
    expect(await bobsList.getByTestId('checklist-toggle').getAttribute('aria-expanded')).toBe('false');
    await bobsList.getByTestId('checklist-toggle').click();
    await bobsList.getByTestId('checklist-item').first().waitFor();

    // Ticked on one screen, ticked on the other.
    await alicesList.getByRole('checkbox', { name: 'Done: Confirm severity' }).check();
    await expect.poll(() => bobsList.getByTestId('checklist-item').first().getAttribute('data-done'), { timeout: 10_000 }).toBe('true');
    expect(await bobsList.getByTestId('checklist-count').innerText()).toBe('1/4');
    // Added and reworded on Bob's, shown on Alice's.
    await bobsList.getByLabel('Add a step to the Incident commander checklist').fill('Page the search team lead');
    await bobsList.getByLabel('Add a step to the Incident commander checklist').press('Enter');
    await bobsList.getByRole('button', { name: 'Edit step: Assign a scribe' }).click();
    const edit = bobsList.getByLabel('Edit this step (Enter saves, Escape cancels)');
    await edit.fill('Assign a scribe (ask Sam)');
    await edit.press('Enter');
    await expect
      .poll(() => alicesList.getByTestId('checklist-text').allInnerTexts(), { timeout: 10_000 })
      .toEqual(['Confirm severity', 'Assign a scribe (ask Sam)', 'Assign communications', 'Set the next update time', 'Page the search team lead']);
    // Escape abandons an edit.
    await alicesList.getByRole('button', { name: 'Edit step: Assign communications' }).click();
    await alicesList.getByLabel('Edit this step (Enter saves, Escape cancels)').fill('something else');
    await alicesList.getByLabel('Edit this step (Enter saves, Escape cancels)').press('Escape');
    expect(await alicesList.getByTestId('checklist-text').nth(2).innerText()).toBe('Assign communications');

    // The hand-off: the note is Bob's to read, on the role; the checklist comes with the role.
    await roleRow(alice.page, 'commander').getByRole('button', { name: 'Hand off Incident commander' }).click();
    const dialog = alice.page.getByRole('dialog', { name: 'Hand off Incident commander' });
    await dialog.getByLabel('To').selectOption({ label: 'Bob Okafor' });
    await dialog.getByLabel('Note for them').fill('Reindex job is at 60%; call it done at 100% and tell support.');
    await dialog.getByRole('button', { name: 'Hand off' }).click();
    const note = roleRow(bob.page, 'commander').getByTestId('handoff-note');
    await note.waitFor({ timeout: 10_000 });
    expect(await note.innerText()).toContain('Handed to you by Alice Nguyen');
    expect(await note.getByTestId('handoff-note-text').innerText()).toBe('Reindex job is at 60%; call it done at 100% and tell support.');
    expect(await alice.page.getByTestId('handoff-note').count()).toBe(0);
    expect(await bobsList.getByTestId('checklist-count').innerText()).toBe('1/5');
    await note.getByRole('button', { name: 'Got it' }).click();
    expect(await bob.page.getByTestId('handoff-note').count()).toBe(0);
    // Dismissed stays dismissed, across a reload. This reload pins the order that once closed
    // rooms: the transcript document's socket opens, this device's stored copy loads (slow
    // disk), and only then does the server answer (slow link). The room must not send the loaded
    // copy whole, since it carries the server's own checklist entries, refused from a client
    // with 4403; it must connect and stay connected.
    await bob.context.addInitScript(() => {
      const open = IDBFactory.prototype.open;
      IDBFactory.prototype.open = function slowOpen(this: IDBFactory, name: string, version?: number) {
        const relay: Partial<IDBOpenDBRequest> = {};
        setTimeout(() => {
          const request = open.call(this, name, version);
          request.onupgradeneeded = (event) => relay.onupgradeneeded?.call(request, event);
          request.onerror = (event) => relay.onerror?.call(request, event);
          request.onsuccess = (event) => relay.onsuccess?.call(request, event);
        }, 400);
        return relay as IDBOpenDBRequest;
      };
    });
    await bob.page.routeWebSocket(/\/yjs\/inc-[a-z0-9]+$/, (ws) => {
      const upstream = ws.connectToServer();
      const held: Array<string | Buffer> = [];
      let holding = true;
      setTimeout(() => {
        holding = false;
        for (const message of held.splice(0)) ws.send(message);
      }, 1500);
      ws.onMessage((message) => upstream.send(message));
      upstream.onMessage((message) => (holding ? held.push(message) : ws.send(message)));
    });
    await bob.page.reload();
    await bob.page.getByTestId('room').waitFor();
    await waitForLive(bob.page);
    await expect.poll(() => roleRow(bob.page, 'commander').getAttribute('class'), { timeout: 10_000 }).toContain('mine');
    expect(await bob.page.getByTestId('handoff-note').count()).toBe(0);
    // Still connected once the stored copy is in: a tick on Bob's screen reaches Alice's.
    await bob.page.getByTestId('checklist-commander').getByRole('checkbox', { name: 'Done: Page the search team lead' }).check();
    await expect.poll(() => alicesList.getByTestId('checklist-item').nth(4).getAttribute('data-done'), { timeout: 10_000 }).toBe('true');
    expect(await bob.page.getByTestId('connection-banner').getAttribute('data-state')).toBe('live');
    const exported = await exportOf(server, id);
    expect(exported.checklists.commander.map(({ text, done }: { text: string; done: boolean }) => ({ text, done }))).toEqual([
      { text: 'Confirm severity', done: true },
      { text: 'Assign a scribe (ask Sam)', done: false },
      { text: 'Assign communications', done: false },
      { text: 'Set the next update time', done: false },
      { text: 'Page the search team lead', done: true },
    ]);

    // Alice lists Bob as the search expert and pages him: he is paged in the app.
    await alice.page.getByLabel('SME name').fill('Bob Okafor');
    await alice.page.getByLabel('SME domain').fill('search');
    await alice.page.getByLabel('SME domain').press('Enter');
    await alice.page.getByRole('button', { name: 'Page Bob Okafor (search)' }).click();
    const paged = pageAlert(bob.page, id);
    await paged.waitFor({ timeout: 10_000 });
    expect(await paged.innerText()).toMatch(/paged as the search expert/i);
    const record = alice.page.getByTestId('page-record');
    await record.waitFor({ timeout: 10_000 });
    expect(await record.innerText()).toMatch(/Bob Okafor\s+search expert/);
    expect(await record.getAttribute('data-acknowledged')).toBe('false');
    expect(await alice.page.getByTestId('sme').innerText()).toMatch(/paged \d\d:\d\d/);
    // Escape dismisses the alert from the keyboard.
    await paged.focus();
    await bob.page.keyboard.press('Escape');
    expect(await bob.page.getByTestId('page-alert').count()).toBe(0);

    // A refusal is shown: the SME was removed elsewhere while Alice's screen lagged behind.
    holdBackState = true;
    const sme = (await server.api('GET', `/api/incidents/${id}`)).body.smes[0];
    expect((await server.api('POST', `/api/incidents/${id}/commands`, { type: 'removeSme', smeId: sme.id })).status).toBe(200);
    await alice.page.getByRole('button', { name: 'Page Bob Okafor (search)' }).click();
    const refusal = alice.page.getByTestId('sme-error');
    await refusal.waitFor({ timeout: 10_000 });
    expect(await refusal.innerText()).toBe(`no SME ${sme.id} in this incident`);
  });

  it('flags roles nobody took and an overdue update, in the room and on the stakeholder view', async () => {
    const id = await declareIncident(server, 'Checkout latency', 'SEV1');
    const late = await responder('Lena Late');
    // Twenty minutes into a SEV1 with a 15-minute update cadence and nobody in command.
    const twentyMinutesOn = Date.now() + 20 * 60_000;
    await late.context.clock.install({ time: twentyMinutesOn });
    await openRoom(late, server, id);
    const cadence = late.page.getByTestId('update-cadence');
    await expect.poll(() => cadence.getAttribute('data-state'), { timeout: 10_000 }).toBe('overdue');
    expect(await cadence.innerText()).toMatch(/Next update overdue by [45] min/);
    await expect.poll(() => late.page.getByTestId('unclaimed-flag').count(), { timeout: 10_000 }).toBe(2);
    expect(await roleRow(late.page, 'commander').getByTestId('unclaimed-flag').count()).toBe(1);
    expect(await roleRow(late.page, 'scribe').getByTestId('unclaimed-flag').count()).toBe(1);
    expect(await late.page.getByTestId('unclaimed-summary').innerText()).toContain('No commander, no scribe');
    await claimRole(late.page, 'commander', 'Incident commander');
    await expect.poll(() => late.page.getByTestId('unclaimed-flag').count(), { timeout: 10_000 }).toBe(1);
    expect(await late.page.getByTestId('unclaimed-summary').innerText()).toContain('No scribe');

    // The stakeholder view says the same, read-only.
    const link = `${server.url}/s/${id}#token=${await tokenFor(server, id, 'Support', 'stakeholder')}`;
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.clock.install({ time: twentyMinutesOn });
    const stakeholder = await context.newPage();
    await stakeholder.goto(link);
    const shown = stakeholder.getByTestId('update-cadence');
    await shown.waitFor({ timeout: 10_000 });
    expect(await shown.getAttribute('data-state')).toBe('overdue');
    await context.close();

    // On time, nothing is flagged and the next update is simply due.
    const prompt = await responder('Pat Prompt');
    await openRoom(prompt, server, id);
    await expect.poll(() => prompt.page.getByTestId('update-cadence').innerText(), { timeout: 10_000 }).toMatch(/Next update due in 1[45] min/);
    expect(await prompt.page.getByTestId('update-cadence').getAttribute('data-state')).toBe('due');
    expect(await prompt.page.getByTestId('unclaimed-flag').count()).toBe(0);
    expect(await prompt.page.getByTestId('unclaimed-summary').count()).toBe(0);
  });

  it('edits the roster on its page, feeds the declare form from it, and shows MTTA / MTTR in the lobby', async () => {
    const alice = await responder('Alice Roster');
    const bob = await responder('Bob Primary');
    await Promise.all([openLobby(alice, server), openLobby(bob, server)]);

    await alice.page.getByRole('link', { name: 'On-call roster' }).click();
    await alice.page.getByRole('heading', { name: 'On-call roster' }).waitFor();
    // The server's naming rule, in its words.
    await alice.page.getByLabel('Add a service').fill('Not A Name');
    await alice.page.getByLabel('Add a service').press('Enter');
    await expect.poll(() => alice.page.locator('.roster-new-error').innerText(), { timeout: 10_000 }).toContain('lowercase letters, digits');

    await alice.page.getByLabel('Add a service').fill('search-api');
    await alice.page.getByLabel('Add a service').press('Enter');
    const form = alice.page.getByTestId('roster-form');
    await form.waitFor();
    await form.getByLabel('Primary (paged first)').selectOption({ label: 'Bob Primary' });
    await form.getByLabel('Secondary (paged on escalation)').selectOption({ label: 'Alice Roster' });
    await form.getByRole('button', { name: 'Add an expert' }).click();
    await form.getByLabel('Expert 1 name').fill('Dana Search');
    await form.getByLabel('Expert 1 domain').fill('elasticsearch');
    await form.getByLabel('Webhooks (JSON page notifications; one URL per line)').fill('ftp://hooks.example.org/pages');
    await form.getByRole('button', { name: 'Save roster' }).click();
    // Refused with the server's reason, inline; nothing saved.
    await expect.poll(() => form.getByTestId('roster-error').innerText(), { timeout: 10_000 }).toContain('webhooks.0 must be an http(s) URL');
    expect((await server.api('GET', '/api/services/search-api')).status).toBe(404);

    await form.getByLabel('Webhooks (JSON page notifications; one URL per line)').fill('');
    await form.getByRole('button', { name: 'Save roster' }).click();
    await form.getByTestId('roster-saved').waitFor({ timeout: 10_000 });
    expect(await form.getByTestId('roster-error').innerText()).toBe('');
    const saved = (await server.api('GET', '/api/services/search-api')).body;
    expect(saved).toMatchObject({
      primary: { userId: bob.userId, name: 'Bob Primary' },
      secondary: { userId: alice.userId, name: 'Alice Roster' },
      smes: [{ name: 'Dana Search', domain: 'elasticsearch' }],
      webhooks: [],
    });
    const row = alice.page.locator('[data-testid="roster-row"][data-service="search-api"]');
    await expect.poll(() => row.getByTestId('roster-primary').innerText(), { timeout: 10_000 }).toBe('Bob Primary');
    await screenshot(alice.page, 'roster');

    // Declaring for a roster service from the lobby pages its primary.
    await alice.page.getByRole('link', { name: 'Incidents' }).click();
    await alice.page.getByLabel('What is broken?').fill('Search returns no results');
    const service = alice.page.getByLabel('Service');
    const options = await alice.page.locator('#declare-services option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    expect(options).toContain('search-api');
    await service.fill('search-api');
    await expect.poll(() => alice.page.getByTestId('declare-service-hint').innerText()).toContain('Pages Bob Primary (primary)');
    await alice.page.getByRole('button', { name: 'Declare incident' }).click();
    await alice.page.getByTestId('room').waitFor({ timeout: 10_000 });
    const id = new URL(alice.page.url()).pathname.split('/').pop()!;

    const paged = pageAlert(bob.page, id);
    await paged.waitFor({ timeout: 10_000 });
    await paged.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(async () => (await exportOf(server, id)).incident.acknowledgedBy?.id, { timeout: 10_000 }).toBe(bob.userId);

    // The lobby's metrics count it, with a time to acknowledge.
    const sev2 = bob.page.locator('[data-testid="metrics-row"][data-severity="SEV2"]');
    await expect.poll(() => sev2.getByTestId('metrics-mtta').innerText(), { timeout: 10_000 }).toMatch(/\d+ s/);
    const metrics = (await server.api('GET', '/api/metrics')).body;
    expect(await sev2.locator('td').nth(1).innerText()).toContain(String(metrics.bySeverity.SEV2.incidents));
    expect(await sev2.getByTestId('metrics-mttr').innerText()).toBe('—');
    await screenshot(bob.page, 'lobby-metrics');
  });

  it('asks for desktop notification permission only from its control, and notifies a page in the background', async () => {
    const nora = await responder('Nora Notified');
    // A stand-in for the browser's Notification API that records what the page asked for,
    // with the tab in the background (no focus).
    await nora.context.addInitScript(() => {
      const shown: Array<{ title: string; tag?: string }> = [];
      let permission: NotificationPermission = 'default';
      let asked = 0;
      class FakeNotification {
        onclick: (() => void) | null = null;
        static get permission() {
          return permission;
        }
        static async requestPermission() {
          asked++;
          permission = 'granted';
          return permission;
        }
        constructor(title: string, options?: NotificationOptions) {
          shown.push({ title, tag: options?.tag });
        }
        close() {}
      }
      Object.assign(window, { Notification: FakeNotification, notificationLog: { shown, asked: () => asked } });
      document.hasFocus = () => false;
    });
    await openLobby(nora, server);
    type Log = { shown: Array<{ title: string; tag?: string }>; asked: () => number };
    const log = () => nora.page.evaluate(() => (window as unknown as { notificationLog: Log }).notificationLog.shown);
    expect(await nora.page.evaluate(() => (window as unknown as { notificationLog: Log }).notificationLog.asked())).toBe(0);

    const control = nora.page.getByTestId('desktop-alerts');
    expect(await control.getAttribute('data-state')).toBe('default');
    await control.click();
    await expect.poll(() => control.getAttribute('data-state')).toBe('granted');
    expect(await nora.page.evaluate(() => (window as unknown as { notificationLog: Log }).notificationLog.asked())).toBe(1);

    await server.api('PUT', '/api/services/storage', { primary: { userId: nora.userId, name: 'Nora Notified' } });
    const declared = await server.api('POST', '/api/incidents', { title: 'Disk full on db-3', severity: 'SEV2', service: 'storage' });
    await pageAlert(nora.page, declared.body.id).waitFor({ timeout: 10_000 });
    const shown = await log();
    expect(shown).toHaveLength(1);
    expect(shown[0]!.title).toBe('SEV2 Disk full on db-3');
  });
});

/** An Alertmanager delivery for the checkout service: two firing alerts with a runbook and a dashboard. */
function checkoutAlerts(): unknown {
  const payload = JSON.parse(fs.readFileSync('test/fixtures/alertmanager-v4.json', 'utf8'));
  payload.commonAnnotations.summary = 'Checkout API failing health probes in eu-west-1';
  payload.alerts.push({
    status: 'firing',
    labels: { alertname: 'CheckoutHighErrorRate', severity: 'critical', service: 'checkout', region: 'eu-west-1' },
    annotations: { summary: '5xx ratio above 10% for 5 minutes', dashboard: 'https://grafana.example.org/d/checkout/overview' },
    startsAt: new Date(Date.now() - 6 * 60_000).toISOString(),
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus.example.org:9090/graph?g0.expr=checkout_5xx_ratio',
    fingerprint: '7c1e02aa90b3d4e1',
  });
  return payload;
}

describe('the room and the replay with the lifecycle in play (screenshots)', () => {
  let server: TestServer;
  let browser: Browser;
  const people: Responder[] = [];

  beforeAll(async () => {
    // A short escalation, so the secondary is paged within the test.
    server = await startBrowserServer({ ESCALATE_AFTER_SEC: '2' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await Promise.all(people.map((p) => p.context.close()));
    await browser?.close();
    await server?.close();
  });

  it('renders pages, escalation, alerts and links, a hand-off note, checklists and the cadence; then the replay', async () => {
    const alice = await signedInResponder(browser, server, 'Alice Nguyen');
    const bob = await signedInResponder(browser, server, 'Bob Okafor');
    const chris = await signedInResponder(browser, server, 'Chris Park');
    people.push(alice, bob, chris);
    // Bob's screen is four minutes into the incident, so roles nobody took are flagged.
    await bob.context.clock.install({ time: Date.now() + 4 * 60_000 });

    expect(
      (
        await server.api('PUT', '/api/services/checkout', {
          primary: { userId: alice.userId, name: 'Alice Nguyen' },
          secondary: { userId: bob.userId, name: 'Bob Okafor' },
          smes: [
            { name: 'Priya Raman', domain: 'payments database' },
            { name: 'Chris Park', domain: 'EU network edge', userId: chris.userId },
          ],
        })
      ).status,
    ).toBe(200);
    await Promise.all([openLobby(alice, server), openLobby(bob, server), openLobby(chris, server)]);

    const intake = await server.api('POST', '/api/alerts/alertmanager', checkoutAlerts());
    expect(intake.status).toBe(200);
    const id = intake.body.incidentId as string;
    await pageAlert(alice.page, id).waitFor({ timeout: 10_000 });
    // Nobody acknowledges in time: the secondary is paged.
    const bobsPage = pageAlert(bob.page, id);
    await bobsPage.waitFor({ timeout: 15_000 });
    expect(await bobsPage.innerText()).toMatch(/escalated to you/i);

    await openRoom(chris, server, id);
    await claimRole(chris.page, 'comms', 'Communication coordinator');
    await pageAlert(alice.page, id).getByRole('link', { name: 'Open the room' }).click();
    await alice.page.getByTestId('room').waitFor();
    await waitForLive(alice.page);
    await claimRole(alice.page, 'commander', 'Incident commander');
    await expect.poll(() => roleRow(alice.page, 'commander').getAttribute('class'), { timeout: 10_000 }).toContain('mine');

    await bobsPage.getByRole('link', { name: 'Open the room' }).click();
    await bob.page.getByTestId('room').waitFor();
    await waitForLive(bob.page);

    await roleRow(alice.page, 'commander').getByRole('button', { name: 'Hand off Incident commander' }).click();
    const dialog = alice.page.getByRole('dialog', { name: 'Hand off Incident commander' });
    await dialog.getByLabel('To').selectOption({ label: 'Bob Okafor' });
    await dialog.getByLabel('Note for them').fill('I am on the phone with the acquirer. Rollback of 4812 is at 3/12 pods; decide on failover if 5xx stays above 5%.');
    await dialog.getByRole('button', { name: 'Hand off' }).click();
    await bob.page.getByTestId('handoff-note').waitFor({ timeout: 10_000 });

    for (const line of [
      'Probe failures from eu-west-1 only; us-east healthy',
      'Error spike lines up with deploy 4812 (payments client v3.2)',
      '/d roll back deploy 4812 now, investigate after',
      'Rollback started: 3 of 12 pods replaced',
      '/q do we need to replay failed orders?',
    ]) {
      await writeEntry(chris.page, line);
    }
    await chris.page.getByRole('textbox', { name: 'Update for stakeholders' }).fill('Card payments in Europe are failing for some customers. We are rolling back a change.');
    await chris.page.getByRole('button', { name: 'Publish' }).click();
    await chris.page.getByTestId('stakeholder-update').waitFor();
    await chris.page.getByRole('button', { name: 'Page Priya Raman (payments database)' }).click();

    const commanderList = bob.page.getByTestId('checklist-commander');
    await commanderList.getByRole('checkbox', { name: 'Done: Confirm severity' }).check();
    await commanderList.getByRole('checkbox', { name: 'Done: Assign communications' }).check();
    const actions = alice.page.getByLabel('New action item');
    for (const title of ['Confirm rollback on all 12 pods', 'Prepare replay of failed orders']) {
      await actions.fill(title);
      await actions.press('Enter');
    }
    await expect.poll(() => bob.page.getByTestId('transcript-entry').count(), { timeout: 10_000 }).toBe(5);
    await expect.poll(() => bob.page.getByTestId('page-record').count(), { timeout: 10_000 }).toBe(3);
    await expect.poll(() => bob.page.getByTestId('escalation').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => bob.page.getByTestId('unclaimed-flag').count(), { timeout: 10_000 }).toBe(1);
    expect(await roleRow(bob.page, 'scribe').getByTestId('unclaimed-flag').count()).toBe(1);
    await bob.page.getByTestId('alerts-strip').waitFor();
    expect(await bob.page.getByTestId('incident-link').count()).toBeGreaterThanOrEqual(3);
    // The room still fits one screen with the strip and the alert card.
    expect(await bob.page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight + 1)).toBe(true);
    await screenshot(bob.page, 'room-lifecycle');

    await bob.page.getByRole('button', { name: 'Alerts & links' }).click();
    await bob.page.getByTestId('alert-row').first().waitFor();
    expect(await bob.page.getByTestId('alert-row').count()).toBe(2);
    await screenshot(bob.page, 'room-lifecycle-alerts');
    await bob.page.keyboard.press('Escape');

    const link = `${server.url}/s/${id}#token=${await tokenFor(server, id, 'Support', 'stakeholder')}`;
    const phone = await openStakeholderLink(browser, link);
    await phone.page.getByTestId('update-cadence').waitFor();
    expect(await phone.page.getByTestId('update-cadence').innerText()).toMatch(/Next update due in \d+ min/);
    await screenshot(phone.page, 'stakeholder-cadence', { fullPage: true });
    expect(phone.errors).toEqual([]);
    await phone.context.close();

    await bobsPage.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(async () => (await exportOf(server, id)).incident.acknowledgedAt, { timeout: 10_000 }).toBeTypeOf('number');

    await bob.page.getByRole('link', { name: 'Replay' }).click();
    const slider = bob.page.getByTestId('replay-slider');
    await slider.waitFor();
    const range = (await server.api('GET', `/api/incidents/${id}/replay`)).body as { moments: number[] };
    // Part way through: the hand-off done, the scribe writing.
    const transcriptStart = (await exportOf(server, id)).transcript[2].at as number;
    const middle = range.moments.filter((m) => m <= transcriptStart + 50).length - 1;
    await slider.focus();
    await slider.press('Home');
    for (let i = 0; i < middle; i++) await slider.press('ArrowRight');
    await expect.poll(() => bob.page.getByTestId('replay-room').getAttribute('data-at'), { timeout: 10_000 }).toBe(String(range.moments[middle]));
    expect(await bob.page.getByTestId('replay-entry').count()).toBeLessThan(5);
    await screenshot(bob.page, 'replay');

    expect([...alice.errors, ...bob.errors, ...chris.errors]).toEqual([]);
  });
});
