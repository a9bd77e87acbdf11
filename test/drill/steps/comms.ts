/**
 * Step 5: comms tells the world. The comms holder publishes a stakeholder update from the room;
 * the commander puts the incident on the public status page and publishes a public update, which a
 * webhook subscriber receives. A stakeholder opens their link on a phone and a customer the status
 * page, both in Chromium, and each shows what was published.
 */
import type { Browser } from 'playwright-core';
import { collectPageErrors, openStakeholderLink } from '../../helpers/browser.ts';
import { check, waitFor } from '../drillState.ts';
import type { DrillState } from '../drillState.ts';
import type { StepLog } from '../stepLog.ts';
import type { World } from '../world.ts';
import type { ResponderPage } from './workThroughRestarts.ts';

export async function comms(world: World, browser: Browser, pages: ResponderPage[], state: DrillState, log: StepLog): Promise<void> {
  const [commander] = world.cast.responders;
  const commsPage = pages[1]!;
  const subscribed = await fetch(`${world.lb.url}/status/api/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ webhookUrl: `${world.statusSubscriber.url}/status-hook` }) });
  check(subscribed.status === 201, `status page subscription answered ${subscribed.status}`);

  const update = `Some checkouts fail; the deploy is rolled back and we are watching recovery (${state.incidentId}).`;
  await commsPage.page.getByRole('textbox', { name: 'Update for stakeholders' }).fill(update);
  await commsPage.page.getByRole('button', { name: 'Publish' }).click();
  state.stakeholderUpdates.push(update);
  log.note(`${commsPage.name} (comms) published a stakeholder update from the room`);

  await commander!.command(state.incidentId, { type: 'setStatusPage', statusPage: true, title: 'Checkout errors' });
  const publicText = 'Some customers cannot complete checkout. A fix is rolling out.';
  await commander!.command(state.incidentId, { type: 'publishStatusUpdate', text: publicText, status: 'identified' });
  state.statusUpdates.push(publicText);
  log.note(`${commander!.name} (commander) put it on the status page and published a public update`);

  const link = await commander!.api('POST', `/api/incidents/${state.incidentId}/tokens`, { access: 'stakeholder', name: 'Support leads' });
  check(link.status === 201, `stakeholder link: ${link.status} ${JSON.stringify(link.body)}`);
  const stakeholder = await openStakeholderLink(browser, `${world.lb.url}/s/${state.incidentId}#token=${encodeURIComponent(link.body.token)}`);
  try {
    await waitFor('the update on the stakeholder page', () => stakeholder.page.getByTestId('update-text').allInnerTexts(), (texts) => texts.includes(update));
    check(stakeholder.errors.length === 0, `the stakeholder page threw: ${stakeholder.errors.join('; ')}`);
  } finally {
    await stakeholder.context.close();
  }
  const visitor = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await visitor.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${world.lb.url}/status`);
    await waitFor('the public update on the status page', () => page.getByTestId('status-update').allInnerTexts(), (texts) => texts.some((t) => t.includes(publicText)));
    check(errors.length === 0, `the status page threw: ${errors.join('; ')}`);
  } finally {
    await visitor.close();
  }
  await waitFor('the status update at the subscriber', async () => world.statusSubscriber.received.filter((r) => JSON.stringify(r.body).includes(publicText)), (r) => r.length > 0);
  log.note('the stakeholder link and the status page show them; the status subscriber got the update');
}
