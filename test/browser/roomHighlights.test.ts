/**
 * Issue 20: timeline entries are highlighted in the room. A responder stars an entry from the
 * keyboard; the other responder's room shows it starred; the postmortem's timeline has it
 * highlighted, and unhighlighting it there clears the star in the room.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSuite, openPostmortem, openRoom, screenshot, signedInResponder, writeEntry } from '../helpers/browser.ts';

describe('highlighting in the room', () => {
  const suite = browserSuite();
  const entry = (page: Page, text: string) => page.getByTestId('transcript-entry').filter({ hasText: text });
  const star = (page: Page, text: string) => page.getByRole('button', { name: `Highlight for the postmortem: ${text}` });

  it('stars an entry for the postmortem, live for everyone, and the postmortem can take the star back', async () => {
    const ana = await signedInResponder(suite.browser, suite.server, 'Ana Scribe');
    const ben = await signedInResponder(suite.browser, suite.server, 'Ben Commander');
    suite.people.push(ana, ben);
    const declared = await ana.page.request.fetch(`${suite.server.url}/api/incidents`, {
      method: 'POST',
      data: { title: 'Queue backlog', severity: 'SEV2' },
      headers: { origin: suite.server.url },
    });
    const id = (await declared.json()).id as string;
    await Promise.all([openRoom(ana, suite.server, id), openRoom(ben, suite.server, id)]);

    await writeEntry(ana.page, 'consumers stuck on a poison message');
    await writeEntry(ana.page, 'coffee break');
    await expect.poll(() => entry(ben.page, 'consumers stuck').count(), { timeout: 10_000 }).toBe(1);

    // From the keyboard: focus the star and press Space.
    await star(ana.page, 'consumers stuck on a poison message').focus();
    await ana.page.keyboard.press('Space');
    await expect.poll(() => entry(ben.page, 'consumers stuck').getAttribute('data-highlighted'), { timeout: 10_000 }).toBe('true');
    expect(await star(ben.page, 'consumers stuck on a poison message').getAttribute('aria-pressed')).toBe('true');
    expect(await entry(ben.page, 'coffee break').getAttribute('data-highlighted')).toBe('false');
    await screenshot(ben.page, 'issue-20-room-highlight');

    // The postmortem's timeline has it; unhighlighting it there takes the star away in the room.
    await openPostmortem(ben.page, suite.server, id);
    const row = (text: string) => ben.page.getByTestId('timeline-row').filter({ hasText: text });
    await expect.poll(() => row('consumers stuck').getAttribute('data-highlighted'), { timeout: 10_000 }).toBe('true');
    expect(await row('coffee break').getAttribute('data-highlighted')).toBe('false');
    await row('consumers stuck').getByRole('checkbox').uncheck();
    await expect.poll(() => entry(ana.page, 'consumers stuck').getAttribute('data-highlighted'), { timeout: 10_000 }).toBe('false');
  });
});
