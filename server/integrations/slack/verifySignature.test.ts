import { describe, expect, it } from 'vitest';
import { MAX_AGE_MS, verifySlackSignature } from './verifySignature.ts';

/** The worked example in Slack's "Verifying requests from Slack" (a slash command's form body). */
const EXAMPLE = {
  secret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestamp: '1531420618',
  body:
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner' +
    '&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
    '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
};
const at = Number(EXAMPLE.timestamp) * 1000;

const verify = (over: Partial<typeof EXAMPLE> = {}, now = at) => {
  const x = { ...EXAMPLE, ...over };
  return verifySlackSignature(x.secret, { signature: x.signature, timestamp: x.timestamp }, Buffer.from(x.body), now);
};

describe('verifying requests from Slack', () => {
  it("accepts Slack's documented example at its own time", () => {
    expect(verify()).toEqual({ ok: true });
  });

  it('refuses a changed body, another secret or another timestamp as forged', () => {
    expect(verify({ body: EXAMPLE.body.replace('roadrunner', 'coyote') })).toEqual({ ok: false, why: 'forged' });
    expect(verify({ secret: '8f742231b10e8888abcd99yyyzzz85a6' })).toEqual({ ok: false, why: 'forged' });
    expect(verify({ timestamp: '1531420619' }, at)).toEqual({ ok: false, why: 'forged' });
  });

  it('refuses a request stamped more than five minutes from the clock, either way', () => {
    expect(verify({}, at + MAX_AGE_MS)).toEqual({ ok: true });
    expect(verify({}, at + MAX_AGE_MS + 1000)).toEqual({ ok: false, why: 'stale' });
    expect(verify({}, at - MAX_AGE_MS - 1000)).toEqual({ ok: false, why: 'stale' });
  });

  it('refuses missing and malformed headers', () => {
    expect(verifySlackSignature(EXAMPLE.secret, { signature: undefined, timestamp: EXAMPLE.timestamp }, Buffer.from(EXAMPLE.body), at)).toEqual({ ok: false, why: 'missing' });
    expect(verifySlackSignature(EXAMPLE.secret, { signature: EXAMPLE.signature, timestamp: undefined }, Buffer.from(EXAMPLE.body), at)).toEqual({ ok: false, why: 'missing' });
    for (const signature of ['a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503', 'v1=' + EXAMPLE.signature.slice(3), EXAMPLE.signature.slice(0, -2), EXAMPLE.signature.toUpperCase()]) {
      expect(verify({ signature }), signature).toEqual({ ok: false, why: 'malformed' });
    }
    for (const timestamp of ['', '1531420618.5', '-1531420618', ' 1531420618', '1e9']) {
      expect(verify({ timestamp }), timestamp).toEqual({ ok: false, why: 'malformed' });
    }
  });
});
