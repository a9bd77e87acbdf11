/**
 * The postmortem's review in two browsers (issue 20): Ana submits it for review by Ben, whose
 * page follows at once; Ben comments on a passage he selected, which Ana's page shows without a
 * reload; Publish stays disabled for Ben until he approves; once he publishes, both pages turn
 * read-only. Sections are found by their accessible name, so a text area or a rich-text editor
 * both serve.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSuite, openPostmortem, screenshot, signedInResponder, waitForLive } from '../helpers/browser.ts';
import type { Responder } from '../helpers/browser.ts';

describe('the postmortem review in the browser', () => {
  const suite = browserSuite();

  async function api(who: Responder, method: 'GET' | 'POST', pathname: string, data?: unknown) {
    const res = await who.page.request.fetch(suite.server.url + pathname, { method, data, headers: { origin: suite.server.url } });
    return { status: res.status(), body: await res.json() };
  }


  const rootCause = (page: Page) => page.getByRole('textbox', { name: 'Root cause', exact: true });
  const textOf = (page: Page) => rootCause(page).evaluate((el) => (el instanceof HTMLTextAreaElement ? el.value : (el.textContent ?? '')));
  const decisionOf = (page: Page, name: string) => page.getByTestId('review-decision').filter({ hasText: name }).getAttribute('data-decision');

  it('is submitted, commented on a passage, approved and published, live on both pages', async () => {
    const ana = await signedInResponder(suite.browser, suite.server, 'Ana Author');
    const ben = await signedInResponder(suite.browser, suite.server, 'Ben Reviewer');
    suite.people.push(ana, ben);
    const declared = await api(ana, 'POST', '/api/incidents', { title: 'Search timeouts', severity: 'SEV2', service: 'search' });
    expect(declared.status).toBe(201);
    const id = declared.body.id as string;
    // Ben writes in the transcript, which makes him one of the incident's people to choose from.
    expect((await api(ben, 'POST', `/api/incidents/${id}/commands`, { type: 'addTranscriptEntry', text: 'looking at the shard map', kind: 'note' })).status).toBe(200);

    await Promise.all([openPostmortem(ana.page, suite.server, id), openPostmortem(ben.page, suite.server, id)]);
    await ana.page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    const cause = 'A shard rebalanced during peak traffic.';
    await rootCause(ana.page).click();
    await ana.page.keyboard.insertText(cause);
    await expect.poll(() => textOf(ben.page), { timeout: 10_000 }).toBe(cause);

    // Ana names Ben; his page shows the review and that he has yet to decide.
    await ana.page.getByRole('group', { name: 'Reviewers' }).getByLabel('Ben Reviewer').check();
    await ana.page.getByRole('button', { name: 'Submit for review' }).click();
    await expect.poll(() => ben.page.getByTestId('review-state').innerText(), { timeout: 10_000 }).toBe('In review by Ben Reviewer');
    await expect.poll(() => decisionOf(ben.page, 'Ben Reviewer'), { timeout: 10_000 }).toBe('waiting');
    // Not approved yet: nobody can publish, and the page says why.
    expect(await ben.page.getByRole('button', { name: 'Publish' }).isDisabled()).toBe(true);
    expect(await ben.page.getByTestId('publish-rule').innerText()).toContain('must approve');
    // Ana is not a reviewer: she has no decision to make.
    expect(await ana.page.getByRole('button', { name: 'Approve' }).count()).toBe(0);

    // Ben selects a passage of the root cause with the keyboard and comments on it.
    await rootCause(ben.page).click();
    await ben.page.keyboard.press('End');
    await ben.page.keyboard.press('Shift+Home');
    const passage = ben.page.getByTestId('comment-passage');
    await expect.poll(() => passage.locator('blockquote').innerText(), { timeout: 10_000 }).toBe(cause);
    const form = ben.page.getByRole('form', { name: 'Add a comment' });
    expect(await form.getByLabel('Section').inputValue()).toBe('root-cause');
    await form.getByLabel('Comment').fill('Which alert fired first?');
    await form.getByRole('button', { name: 'Add comment' }).click();

    // Ana's page lists it without a reload, with the passage quoted.
    const anasComment = ana.page.getByTestId('postmortem-comment').filter({ hasText: 'Which alert fired first?' });
    await anasComment.waitFor({ timeout: 10_000 });
    expect(await anasComment.locator('blockquote').innerText()).toBe(cause);
    expect(await anasComment.innerText()).toContain('Ben Reviewer');

    // Ben approves; Ana sees the approval live, and Ben may now publish.
    await ben.page.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => decisionOf(ana.page, 'Ben Reviewer'), { timeout: 10_000 }).toBe('approved');
    await screenshot(ana.page, 'issue-20-postmortem-review-approved', { fullPage: true });
    await screenshot(ben.page, 'issue-20-postmortem-review-reviewer', { fullPage: true });
    expect(await ana.page.getByRole('button', { name: 'Publish' }).isDisabled()).toBe(true);

    await ben.page.getByRole('button', { name: 'Publish' }).click();
    for (const who of [ana, ben]) {
      await expect.poll(() => who.page.getByTestId('review-state').getAttribute('data-state'), { timeout: 10_000 }).toBe('published');
      await expect.poll(() => rootCause(who.page).isEditable(), { timeout: 10_000 }).toBe(false);
      expect(await who.page.getByRole('button', { name: 'Add comment' }).isDisabled()).toBe(true);
      expect(await who.page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
      expect(await textOf(who.page)).toBe(cause);
      await waitForLive(who.page);
    }
    expect(await ana.page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await screenshot(ana.page, 'issue-20-postmortem-review-published', { fullPage: true });
  });
});
