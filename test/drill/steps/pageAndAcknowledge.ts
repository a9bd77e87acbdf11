/**
 * Step 2: the escalation policy pages the primary schedule's on-call person by email and SMS; they
 * open the email's acknowledge link on their phone (Chromium, no session) and press Acknowledge.
 * The policy's next step, which would page the secondary, is cancelled, and the secondary is paged
 * by nobody and nothing.
 */
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { ackLinkOf } from '../../helpers/smtpServer.ts';
import { check, waitFor } from '../drillState.ts';
import type { DrillState } from '../drillState.ts';
import type { StepLog } from '../stepLog.ts';
import type { World } from '../world.ts';

export async function pageAndAcknowledge(world: World, browser: Browser, state: DrillState, log: StepLog): Promise<void> {
  const { primary, secondary } = world.cast;
  const address = world.contacts.get(primary.userId)!;
  const [mail] = await waitFor(`the page email to ${address.email}`, async () => world.smtp.received.filter((m) => m.to.includes(address.email)), (m) => m.length > 0);
  await waitFor(`the page text to ${address.sms}`, async () => world.twilio.texts.filter((t) => t.to === address.sms), (t) => t.length > 0);
  log.note(`${primary.name} paged: email "${mail!.subject}" and a text to ${address.sms}`);

  const link = ackLinkOf(mail!);
  check(link.origin === new URL(world.lb.url).origin, `the acknowledge link ${link.origin} is not the balancer's address ${world.lb.url}`);
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  try {
    const page = await phone.newPage();
    await page.goto(link.href);
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByText(/^Acknowledged at /).waitFor({ timeout: 20_000 });
  } finally {
    await phone.close();
  }
  const x = await waitFor('the acknowledgement on the timeline', async () => (await world.cluster.api('GET', `/api/incidents/${state.incidentId}/export.json`, undefined, { node: 1 })).body, (b) => b.incident.acknowledgedBy !== null);
  check(x.incident.acknowledgedBy.id === primary.userId, `acknowledged by ${x.incident.acknowledgedBy.name}, not ${primary.name}`);
  log.note(`${primary.name} acknowledged from the email link, ${((x.incident.acknowledgedAt - x.incident.createdAt) / 1000).toFixed(1)} s after the declaration`);

  // The policy's later steps are timers in the shared database: none may be left to fire.
  const db = new pg.Client({ connectionString: world.cluster.db.url });
  await db.connect();
  try {
    const pending = await waitFor(
      'the policy steps cancelled',
      async () => Number((await db.query(`SELECT COUNT(*) AS n FROM timers WHERE kind = 'policy-step' AND fired_at IS NULL AND cancelled_at IS NULL`)).rows[0].n),
      (n) => n === 0,
    );
    check(pending === 0, `${pending} policy steps still pending after the acknowledgement`);
  } finally {
    await db.end();
  }
  const pagedSecondary = x.events.filter((e: any) => e.type === 'paged' && e.target.id === secondary.userId);
  check(pagedSecondary.length === 0, `${secondary.name} was paged: ${JSON.stringify(pagedSecondary)}`);
  log.note(`policy step 2 cancelled; ${secondary.name} not paged`);
}
