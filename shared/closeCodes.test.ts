/** How a close is put into words for people (issue 12: the restart message said it twice). */
import { describe, expect, it } from 'vitest';
import { CloseCode, explainClose } from './closeCodes.ts';

describe('explainClose', () => {
  it('says a temporary close once, without the server reason repeating it', () => {
    expect(explainClose(CloseCode.goingAway, 'server restarting')).toBe('The server is restarting. Reconnecting…');
    expect(explainClose(CloseCode.rateLimited, 'too many updates per second')).toBe('Too many messages too quickly. Reconnecting…');
  });

  it('keeps the reason of a refusal, which says what to fix', () => {
    expect(explainClose(CloseCode.unauthorized, 'token revoked')).toBe('Your sign-in or link is not valid any more. (token revoked)');
    expect(explainClose(4999, 'odd')).toBe('Connection closed (4999). (odd)');
  });
});
