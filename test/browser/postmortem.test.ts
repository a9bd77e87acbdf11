/**
 * Issue 20 in the browser: two responders co-edit a resolved incident's postmortem as rich text
 * (bold and a bulleted list made from the keyboard, seen live by the other, kept in the Markdown
 * export), highlight a timeline entry, submit it for review, comment, approve and publish, after
 * which both pages' editors are read-only; the published list has it, its HTML export prints in
 * Chromium, and a non-member of a private incident is refused its postmortem.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSuite, openPostmortem, screenshot, signedInResponder, waitForLive } from '../helpers/browser.ts';
import type { Responder } from '../helpers/browser.ts';

describe('the postmortem page', () => {
  const suite = browserSuite();

  /** A REST call with the context's session cookie, as the page itself would make it. */
  async function api(who: Responder, method: 'GET' | 'POST', pathname: string, data?: unknown) {
    const res = await who.page.request.fetch(suite.server.url + pathname, { method, data, headers: { origin: suite.server.url } });
    return { status: res.status(), body: res.headers()['content-type']?.includes('json') ? await res.json() : await res.text() };
  }


  const rootCause = (page: Page) => page.getByRole('textbox', { name: 'Root cause', exact: true });
  /** The root cause's first line as the editor shows it. */
  const editorText = async (page: Page) => (await rootCause(page).locator('p, li, h3').first().innerText()).trim();
  const timelineRow = (page: Page, text: string) => page.getByTestId('timeline-row').filter({ hasText: text });

  it('is co-edited, highlighted, reviewed and published, then read-only for everyone', async () => {
    const ana = await signedInResponder(suite.browser, suite.server, 'Ana Commander');
    const ben = await signedInResponder(suite.browser, suite.server, 'Ben Reviewer');
    suite.people.push(ana, ben);

    // Ana declares and resolves; Ben records a decision, so both are among the incident's people.
    const declared = await api(ana, 'POST', '/api/incidents', { title: 'Checkout latency', severity: 'SEV2', service: 'checkout' });
    expect(declared.status).toBe(201);
    const id = declared.body.id as string;
    const decision = await api(ben, 'POST', `/api/incidents/${id}/commands`, { type: 'addTranscriptEntry', text: 'roll back release 41', kind: 'decision' });
    expect(decision.status).toBe(200);
    const resolved = await api(ana, 'POST', `/api/incidents/${id}/commands`, { type: 'setStatus', status: 'resolved' });
    expect(resolved.status).toBe(200);

    await Promise.all([openPostmortem(ana.page, suite.server, id), openPostmortem(ben.page, suite.server, id)]);
    await expect.poll(() => ben.page.getByTestId('presence-person').filter({ hasText: 'Ana Commander' }).count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => ben.page.getByTestId('review-state').getAttribute('data-state')).toBe('draft');
    expect(await ana.page.getByTestId('key-decisions').innerText()).toContain('roll back release 41');

    // Ana writes the root cause; Ben sees it as she typed it.
    const cause = 'A connection pool sized for last year’s traffic.';
    await rootCause(ana.page).click();
    await ana.page.keyboard.insertText(cause);
    await expect.poll(() => editorText(ben.page), { timeout: 10_000 }).toBe(cause);

    // Then, from the keyboard only, a bold word and a bulleted list (Quill's "- " shortcut).
    await ana.page.keyboard.press('Enter');
    await ana.page.keyboard.insertText('The pool was ');
    await ana.page.keyboard.press('Control+B');
    await ana.page.keyboard.insertText('exhausted');
    await ana.page.keyboard.press('Control+B');
    await ana.page.keyboard.press('Enter');
    await ana.page.keyboard.type('- ');
    await ana.page.keyboard.insertText('raise the pool limit');
    const bensCause = rootCause(ben.page);
    await expect.poll(() => bensCause.locator('strong').allInnerTexts(), { timeout: 10_000 }).toEqual(['exhausted']);
    await expect.poll(() => bensCause.locator('li[data-list="bullet"]').allInnerTexts(), { timeout: 10_000 }).toEqual(['raise the pool limit']);
    // The toolbar says which formats the caret is in, and is one Tab stop reached from the keyboard.
    const anasToolbar = ana.page.getByRole('toolbar', { name: 'Formatting of Root cause' });
    expect(await anasToolbar.getByRole('button', { name: 'Bulleted list' }).getAttribute('aria-pressed')).toBe('true');
    await ana.page.keyboard.press('Shift+Tab');
    expect(await ana.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Bold (Ctrl+B)');
    await ana.page.keyboard.press('End');
    expect(await ana.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Clear formatting');
    const markdown = (await api(ben, 'GET', `/api/incidents/${id}/postmortem.md`)).body as string;
    expect(markdown).toContain(`${cause}\n\nThe pool was **exhausted**\n\n- raise the pool limit\n`);

    // Ben highlights the decision, from the keyboard; Ana sees it highlighted.
    const bensRow = timelineRow(ben.page, 'roll back release 41');
    await bensRow.getByRole('checkbox', { name: /^Highlight:/ }).focus();
    await ben.page.keyboard.press('Space');
    await expect.poll(() => timelineRow(ana.page, 'roll back release 41').getAttribute('data-highlighted'), { timeout: 10_000 }).toBe('true');
    await screenshot(ana.page, 'issue-20-postmortem-draft', { fullPage: true });

    // Ana submits it for review by Ben.
    await ana.page.getByRole('group', { name: 'Reviewers' }).getByLabel('Ben Reviewer').check();
    await ana.page.getByRole('button', { name: 'Submit for review' }).click();
    await expect.poll(() => ben.page.getByTestId('review-state').innerText(), { timeout: 10_000 }).toBe('In review by Ben Reviewer');

    // Ben comments on the root cause; the comment is listed for him and, over REST, for Ana.
    const form = ben.page.getByRole('form', { name: 'Add a comment' });
    await form.getByLabel('Section').selectOption({ label: 'Root cause' });
    await form.getByLabel('Comment').fill('Which dashboard showed the pool saturating?');
    await form.getByRole('button', { name: 'Add comment' }).click();
    await ben.page.getByTestId('postmortem-comment').filter({ hasText: 'Which dashboard' }).waitFor();
    expect((await api(ana, 'GET', `/api/incidents/${id}/postmortem/review`)).body.comments).toMatchObject([
      { section: 'root-cause', author: { name: 'Ben Reviewer' }, text: 'Which dashboard showed the pool saturating?' },
    ]);
    await screenshot(ben.page, 'issue-20-postmortem-in-review', { fullPage: true });

    // Ben, the named reviewer, approves and publishes; both pages turn read-only and keep the text.
    await ben.page.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => ben.page.getByRole('button', { name: 'Publish' }).isEnabled(), { timeout: 10_000 }).toBe(true);
    await ben.page.getByRole('button', { name: 'Publish' }).click();
    for (const who of [ana, ben]) {
      await expect.poll(() => who.page.getByTestId('review-state').getAttribute('data-state'), { timeout: 10_000 }).toBe('published');
      await expect.poll(() => rootCause(who.page).getAttribute('contenteditable')).toBe('false');
      expect(await rootCause(who.page).isEditable()).toBe(false);
      expect(await who.page.getByRole('toolbar', { name: 'Formatting of Root cause' }).isVisible()).toBe(false);
      expect(await who.page.getByRole('checkbox', { name: /^Highlight:/ }).first().isDisabled()).toBe(true);
      expect(await who.page.getByRole('button', { name: 'Publish' }).isDisabled()).toBe(true);
      expect(await rootCause(who.page).locator('strong').allInnerTexts()).toEqual(['exhausted']);
      // The close that announced publishing is followed by a read-only connection, not a refusal.
      await waitForLive(who.page);
    }
    // Keys pressed in a published section change nothing.
    await rootCause(ana.page).click();
    await ana.page.keyboard.press('Control+A');
    await ana.page.keyboard.insertText('overwritten');
    expect(await editorText(ana.page)).toContain(cause);
    await screenshot(ana.page, 'issue-20-postmortem-published', { fullPage: true });

    const listed = await api(ben, 'GET', '/api/postmortems?service=checkout');
    expect(listed.body.postmortems).toMatchObject([{ incidentId: id, title: 'Checkout latency', service: 'checkout' }]);

    // The HTML export opens in Chromium with the session cookie and renders for print.
    const exportPage = await ana.context.newPage();
    const response = await exportPage.goto(`${suite.server.url}/api/incidents/${id}/postmortem.html`);
    expect(response?.status()).toBe(200);
    await exportPage.emulateMedia({ media: 'print' });
    expect(await exportPage.locator('body').innerText()).toContain(cause);
    expect(await exportPage.locator('section', { hasText: 'Root cause' }).locator('strong').allInnerTexts()).toEqual(['exhausted']);
    expect(await exportPage.locator('section', { hasText: 'Root cause' }).locator('ul > li').allInnerTexts()).toEqual(['raise the pool limit']);
    const pdf = await exportPage.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await screenshot(exportPage, 'issue-20-postmortem-print', { fullPage: true });
    await exportPage.close();
  });

  it('makes a link typed without its scheme into the address meant, from the keyboard', async () => {
    const ana = await signedInResponder(suite.browser, suite.server, 'Ana Commander');
    suite.people.push(ana);
    const id = (await api(ana, 'POST', '/api/incidents', { title: 'Runbook missing', severity: 'SEV3' })).body.id as string;
    await openPostmortem(ana.page, suite.server, id);
    await rootCause(ana.page).click();
    await ana.page.keyboard.insertText('see runbook');
    await ana.page.keyboard.press('Shift+ArrowLeft');
    for (let i = 1; i < 'runbook'.length; i++) await ana.page.keyboard.press('Shift+ArrowLeft');
    await ana.page.keyboard.press('Control+k');
    const address = ana.page.getByRole('textbox', { name: 'Link address' }).and(ana.page.locator(':visible'));
    await address.waitFor();
    await address.fill('wiki.example/runbook');
    await address.press('Enter');
    await expect.poll(async () => (await api(ana, 'GET', `/api/incidents/${id}/postmortem.md`)).body as string, { timeout: 10_000 }).toContain('see [runbook](https://wiki.example/runbook)');
    // The page is still connected: a refused link would have closed it (4400).
    expect(await ana.page.locator('[data-testid="connection-banner"][data-state="live"]').count()).toBe(1);
  });

  it('refuses a private incident’s postmortem to a non-member', async () => {
    const ana = await signedInResponder(suite.browser, suite.server, 'Ana Commander');
    const cleo = await signedInResponder(suite.browser, suite.server, 'Cleo Outsider');
    suite.people.push(ana, cleo);
    const declared = await api(ana, 'POST', '/api/incidents', { title: 'Payroll export leak', severity: 'SEV1', private: true });
    expect(declared.status).toBe(201);
    const id = declared.body.id as string;

    await openPostmortem(ana.page, suite.server, id);
    await cleo.page.goto(`${suite.server.url}/incidents/${id}/postmortem`);
    await cleo.page.locator('[data-testid="connection-banner"][data-state="refused"]').waitFor({ timeout: 15_000 });
    expect(await cleo.page.getByRole('alert').first().isVisible()).toBe(true);
    expect(await cleo.page.getByTestId('postmortem').count()).toBe(0);
    expect(await cleo.page.locator('textarea, [contenteditable]').count()).toBe(0);
    expect(await cleo.page.content()).not.toContain('Payroll export leak');
    expect((await api(cleo, 'GET', `/api/incidents/${id}/postmortem/review`)).status).toBe(404);
    expect((await api(cleo, 'GET', `/api/incidents/${id}/postmortem.html`)).status).toBe(404);
    await screenshot(cleo.page, 'issue-20-postmortem-refused');
  });
});
