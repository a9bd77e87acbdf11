/**
 * What stakeholders see, visible and switchable in the room (issue 12): the declare form offers
 * the choice (shared by default), the room says whether the transcript is shared and how many
 * links are live, and its toggle hides the transcript from an open stakeholder view at once.
 */
import { describe, expect, it } from 'vitest';
import { browserSuite, exportOf, openLobby, openRoom, openStakeholderLink, screenshot, signedInResponder, waitForLive, writeEntry } from '../helpers/browser.ts';
import type { Responder } from '../helpers/browser.ts';
import { tokenFor } from '../helpers/incidents.ts';

describe('sharing with stakeholders', () => {
  const suite = browserSuite();

  async function declareFromLobby(r: Responder, title: string, share: boolean): Promise<string> {
    await openLobby(r, suite.server);
    await r.page.getByLabel('What is broken?').fill(title);
    const box = r.page.getByRole('checkbox', { name: /Share the transcript with stakeholders/ });
    expect(await box.isChecked()).toBe(true);
    if (!share) await box.uncheck();
    await r.page.getByRole('button', { name: 'Declare incident' }).click();
    await r.page.getByTestId('room').waitFor({ timeout: 10_000 });
    await waitForLive(r.page);
    return r.page.url().split('/').pop()!;
  }

  it('takes the choice at declaration and shows it in the room', async () => {
    const ana = await signedInResponder(suite.browser, suite.server, 'Ana Lima');
    suite.people.push(ana);
    const id = await declareFromLobby(ana, 'Internal tooling slow', false);
    expect((await exportOf(suite.server, id)).incident.hideTranscript).toBe(true);
    const indicator = ana.page.getByTestId('sharing-indicator');
    await expect.poll(() => indicator.innerText(), { timeout: 10_000 }).toContain('Transcript hidden from stakeholders');
  });

  it('shows the sharing in the room, counts live links, and hides the transcript from an open stakeholder view', async () => {
    const ana = await signedInResponder(suite.browser, suite.server, 'Ana Lima');
    suite.people.push(ana);
    const id = await declareFromLobby(ana, 'Checkout latency', true);
    await writeEntry(ana.page, 'p99 at 4 s since 03:02');
    const link = await tokenFor(suite.server, id, 'Exec team', 'stakeholder');
    await openRoom(ana, suite.server, id);
    const indicator = ana.page.getByTestId('sharing-indicator');
    await expect.poll(() => indicator.getAttribute('data-shared'), { timeout: 10_000 }).toBe('true');
    expect(await indicator.innerText()).toContain('Transcript shared with stakeholders');
    await expect.poll(() => ana.page.getByTestId('live-links').innerText(), { timeout: 10_000 }).toBe('1 live link');

    const stakeholder = await openStakeholderLink(suite.browser, `${suite.server.url}/s/${id}#token=${encodeURIComponent(link)}`);
    try {
      await expect.poll(() => stakeholder.page.getByText('p99 at 4 s since 03:02').count(), { timeout: 10_000 }).toBe(1);
      // Its times say which zone they are in, beside update texts that name one.
      expect(await stakeholder.page.getByTestId('time-zone').innerText()).toMatch(/^Times are in your time zone, \S.*\.$/);
      // The links dialog asks again: one person is watching through that link.
      await ana.page.getByRole('button', { name: 'Share stakeholder link' }).click();
      await expect.poll(() => ana.page.getByTestId('link-viewers').innerText(), { timeout: 10_000 }).toBe('1 watching now');
      expect(await ana.page.getByTestId('live-links').innerText()).toBe('1 live link · 1 watching');
      await ana.page.getByRole('button', { name: 'Close' }).click();
      await screenshot(ana.page, 'issue-12-sharing-before');

      await indicator.getByRole('button', { name: 'Hide transcript' }).click();
      await expect.poll(() => indicator.getAttribute('data-shared'), { timeout: 10_000 }).toBe('false');
      await stakeholder.page.getByTestId('transcript-hidden').waitFor({ timeout: 10_000 });
      expect(await stakeholder.page.getByText('p99 at 4 s since 03:02').count()).toBe(0);
      await screenshot(ana.page, 'issue-12-sharing-after');
      expect(stakeholder.errors).toEqual([]);
    } finally {
      await stakeholder.context.close();
    }
  });
});
