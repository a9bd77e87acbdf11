import { describe, expect, it } from 'vitest';
import { chunks, plainTextOf, slackEscape, slackLink } from './mrkdwn.ts';

describe('Slack text', () => {
  it('escapes the three characters Slack reads as markup, and nothing else', () => {
    expect(slackEscape('<!channel> & <http://evil|ok> *bold*')).toBe('&lt;!channel&gt; &amp; &lt;http://evil|ok&gt; *bold*');
    expect(slackLink('https://room.example/incidents/inc-1?a=1&b=2|x>', 'A <b> & c')).toBe('<https://room.example/incidents/inc-1?a=1&amp;b=2%7Cx&gt;|A &lt;b&gt; &amp; c>');
  });

  it('reads a message back as the words people saw', () => {
    expect(plainTextOf('rolled back <https://deploy.example/42|deploy 42> &amp; told <@U0ANA|ana> in <#C0OPS|ops>')).toBe(
      'rolled back deploy 42 (https://deploy.example/42) & told @ana in #ops',
    );
    expect(plainTextOf('see <https://x.example/a?b=1&amp;c=2> <@U0BEA> <!here> <!subteam^S01|@oncall>')).toBe('see https://x.example/a?b=1&c=2 @U0BEA @here @oncall');
    expect(plainTextOf('a &lt;tag&gt; and &amp;lt; literally')).toBe('a <tag> and &lt; literally');
  });

  it('cuts long text under the section limit, never inside an entity', () => {
    const escaped = slackEscape('x' + '&'.repeat(1000));
    const pieces = chunks(escaped, 3000);
    expect(pieces.join('')).toBe(escaped);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(3000);
      expect(p).toMatch(/^x?(&amp;)+$/);
    }
    expect(chunks('short')).toEqual(['short']);
  });
});
