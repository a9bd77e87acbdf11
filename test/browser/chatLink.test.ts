/**
 * The page behind the bot's "link your account" message (issue 14): a signed-in responder sees
 * which chat account the link would make theirs, confirms from the keyboard, and chat acts as
 * them from then on. The link's secret leaves the address bar once read.
 */
import { describe, expect, it } from 'vitest';
import { browserSuite, screenshot, signedInResponder } from '../helpers/browser.ts';

const COMMAND_TOKEN = 'mm-command-token-for-browser';

describe('linking a chat account in the browser', () => {
  const suite = browserSuite({ MATTERMOST_COMMAND_TOKEN: COMMAND_TOKEN });

  async function slash(text: string, user = 'ben'): Promise<string> {
    const res = await fetch(`${suite.server.url}/api/integrations/mattermost/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Token ${COMMAND_TOKEN}` },
      body: new URLSearchParams({ token: COMMAND_TOKEN, team_id: 'team-1', channel_id: 'chan-1', user_id: `mm-${user}`, user_name: user, command: '/incident', text }).toString(),
    });
    return ((await res.json()) as { text: string }).text;
  }

  it('shows what it links, links on Enter, and clears the secret from the address', async () => {
    const answer = await slash('link');
    const path = /\/link-chat#token=[A-Za-z0-9_%-]+/.exec(answer)?.[0];
    expect(path).toBeDefined();
    const ben = await signedInResponder(suite.browser, suite.server, 'Ben Real');
    suite.people.push(ben);
    await ben.page.goto(suite.server.url + path!);
    const question = ben.page.getByText('Link ben in Mattermost to your account');
    await question.waitFor();
    expect(new URL(ben.page.url()).hash).toBe('');
    await screenshot(ben.page, 'issue-14-chat-link');
    // The confirmation has the keyboard: Enter links.
    await ben.page.keyboard.press('Enter');
    await ben.page.getByRole('status').getByText('what ben does in Mattermost is now done as Ben Real').waitFor();
    expect(await slash('link')).toContain('linked to Ben Real');
  });

  it('says a spent link is spent', async () => {
    const path = /\/link-chat#token=[A-Za-z0-9_%-]+/.exec(await slash('link', 'cleo'))![0];
    const cleo = await signedInResponder(suite.browser, suite.server, 'Cleo Real');
    suite.people.push(cleo);
    await cleo.page.goto(suite.server.url + path);
    await cleo.page.getByRole('button', { name: 'Link Mattermost account' }).click();
    await cleo.page.getByRole('status').waitFor();
    // Opened again, as from the chat message: a new tab.
    const again = await cleo.context.newPage();
    await again.goto(suite.server.url + path);
    await again.getByRole('alert').getByText('used already').waitFor({ timeout: 10_000 });
  });
});
