/**
 * Seeded random requests to every door added since the hardening issue (issue 22), before
 * authentication, over raw TCP: OpenID, Slack, Mattermost, acknowledge links, Twilio, PagerDuty
 * events, alert webhooks, the status page, calendar links and tracker webhooks, with hostile
 * paths, percent-encodings, content types, signatures, cookies and bodies (bad JSON, arrays,
 * prototype keys, numbers as strings, deep nesting, control characters, large bodies). Every
 * answer is a defined status with the door's own kind of body, never a 5xx; nothing changes; the
 * audit trail grows by a bounded number of rows; a bystander in a room stays connected.
 * fast-check prints the seed of a failure: `FUZZ_SEED=<seed> FUZZ_RUNS=<n>` replays it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AUDIT_BURST, bodyOf, headerOf, MATTERMOST_TOKEN, request, slackSignature, startDoorsServer } from '../helpers/newDoors.ts';
import type { DoorsServer } from '../helpers/newDoors.ts';
import { sendRaw, statusOf } from '../helpers/rawHttp.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 500);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

/** How a door answers a refusal: a JSON error, PagerDuty's own JSON, plain text (Twilio), or a redirect (OpenID). */
type Answer = 'json' | 'pagerduty' | 'twilio' | 'oidc';
interface Door {
  path: string;
  answer: Answer;
}

const DOORS: Door[] = [
  { path: '/auth/oidc/callback', answer: 'oidc' },
  { path: '/api/integrations/slack/commands', answer: 'json' },
  { path: '/api/integrations/slack/interactions', answer: 'json' },
  { path: '/api/integrations/slack/events', answer: 'json' },
  { path: '/api/integrations/mattermost/commands', answer: 'json' },
  { path: '/api/integrations/mattermost/actions', answer: 'json' },
  { path: '/api/page-links/inspect', answer: 'json' },
  { path: '/api/page-links/ack', answer: 'json' },
  { path: '/api/integrations/twilio/sms', answer: 'twilio' },
  { path: '/api/integrations/twilio/voice', answer: 'twilio' },
  { path: '/api/alerts/pagerduty/v2/enqueue', answer: 'pagerduty' },
  { path: '/api/alerts/alertmanager', answer: 'json' },
  { path: '/api/alerts/grafana', answer: 'json' },
  { path: '/status/api/subscribe', answer: 'json' },
  { path: '/status/api/subscribers/', answer: 'json' },
  { path: '/status/api/v2/summary.json', answer: 'json' },
  { path: '/api/calendars/', answer: 'json' },
  { path: '/api/pages/', answer: 'json' },
  { path: '/api/schedules/', answer: 'json' },
  { path: '/api/escalation-policies/', answer: 'json' },
  { path: '/api/people', answer: 'json' },
  { path: '/api/follow-ups/', answer: 'json' },
  { path: '/api/integrations/github/webhook', answer: 'json' },
  { path: '/api/integrations/jira/webhook', answer: 'json' },
];

const hostileText = fc.oneof(
  fc.constantFrom('%', '%zz', '%E0%A4%A', '%00', '%0d%0a', '..', '%2F..%2F', '/', '//', '\\', '.ics', 'irc_', '__proto__', 'constructor', '%C0%AF', '\u202e', '\u0000', '\u00ff'),
  fc.string({ maxLength: 10 }),
  fc.stringMatching(/^[\x21-\x7e]{0,20}$/),
);
const hostileSegment = fc.array(hostileText, { maxLength: 3 }).map((parts) => parts.join(''));
/**
 * Control characters, whitespace and non-ASCII are percent-encoded in targets and header values:
 * Node's parser refuses them raw before any door sees them (the hardening suite covers that).
 */
const asTarget = (t: string) => t.replace(/[\x00-\x20\x7f-\uffff]/g, (c) => encodeURIComponent(c));

const leaf = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('1', '-1', '1e309', 'NaN', 'true', 'null', '', ' ', 'critical', 'trigger', 'acknowledge', '<script>alert(1)</script>', 'R0nope', MATTERMOST_TOKEN.slice(0, -1)),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const key = fc.constantFrom('__proto__', 'constructor', 'prototype', 'token', 'routing_key', 'event_action', 'payload', 'summary', 'severity', 'source', 'custom_details', 'dedup_key', 'context', 'mac', 'action', 'incident', 'email', 'webhookUrl', 'type', 'challenge', 'team_id', 'user_id', 'people', 'alerts', 'Body', 'From');
const { json } = fc.letrec<{ json: unknown }>((tie) => ({
  json: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('json'), { maxLength: 4 }), fc.dictionary(key, tie('json'), { maxKeys: 5 })),
}));
const nested = fc.integer({ min: 100, max: 5000 }).map((depth) => '{"routing_key":"R0nope","event_action":"trigger","payload":' + '{"a":'.repeat(depth) + '[]' + '}'.repeat(depth) + '}');
const form = fc.array(fc.tuple(fc.oneof(key, hostileText), fc.oneof(hostileText, leaf.map(String))), { maxLength: 6 }).map((pairs) => pairs.map(([k, v]) => `${asTarget(k)}=${asTarget(v)}`).join('&'));
const body = fc.oneof(
  json.map((v) => JSON.stringify(v) ?? ''),
  form,
  nested,
  fc.string({ maxLength: 60 }),
  fc.constantFrom('', '{', '[', '{"token":', 'payload=%7B', 'payload=%7B%22type%22%3A1%7D', '\u0000\u0000', '{"a":1}{"b":2}'),
  fc.integer({ min: 1, max: 80 }).map((kb) => JSON.stringify({ routing_key: 'R0nope', token: 'x'.repeat(kb * 1024) })),
  // Shaped as Slack's interactions (a form with a JSON payload) and events, for the signed ones.
  json.map((v) => `payload=${encodeURIComponent(JSON.stringify(v) ?? '')}`),
  fc.tuple(fc.constantFrom('event_callback', 'url_verification', 'app_rate_limited'), json).map(([type, event]) => JSON.stringify({ type, event, challenge: event, event_id: event })),
);

const header = fc.oneof(
  fc.constantFrom(
    'Content-Type: application/json',
    'Content-Type: application/x-www-form-urlencoded',
    'Content-Type: text/plain',
    'Content-Type: application/json; charset=utf-16',
    'Content-Type: multipart/form-data; boundary=x',
    'Content-Encoding: gzip',
    'Content-Encoding: br',
    'X-Slack-Signature: v0=' + '0'.repeat(64),
    'X-Slack-Request-Timestamp: 0',
    'X-Twilio-Signature: AAAA',
    'X-Hub-Signature-256: sha256=' + '0'.repeat(64),
    'X-GitHub-Event: issues',
    'Authorization: Token x',
    'Authorization: Bearer %',
    'Cookie: ir_oidc_state=x; ir_session=%',
    'Origin: null',
  ),
  fc.tuple(fc.constantFrom('Content-Type', 'X-Slack-Signature', 'X-Slack-Request-Timestamp', 'X-Twilio-Signature', 'X-Hub-Signature-256', 'Authorization', 'Cookie', 'Origin'), hostileSegment).map(([name, value]) => `${name}: ${asTarget(value)}`),
);

describe('fuzzing the new doors before authentication', () => {
  let d: DoorsServer;
  beforeAll(async () => {
    d = await startDoorsServer('public');
  });
  afterAll(() => d.close());

  it(`answers ${RUNS} random requests to the new doors as each door defines, and changes nothing`, async () => {
    const before = await d.snapshot();
    const audit = await d.auditRows();
    const now = Math.floor(d.clock.now() / 1000);
    const doorRequest = fc.record({
      door: fc.constantFrom(...DOORS),
      method: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
      tail: hostileSegment,
      query: fc.option(fc.tuple(fc.constantFrom('state', 'code', 'error', 'returnTo', 'token', 'iss', 'x'), hostileSegment)),
      headers: fc.array(header, { maxLength: 5 }),
      // A signature over the bytes sent: with the wrong secret, too old, or right (Slack's parsing after verification).
      slack: fc.option(fc.constantFrom('wrong secret', 'stale', 'right')),
      body,
    });
    await fc.assert(
      fc.asyncProperty(doorRequest, async (r) => {
        const target = asTarget(`${r.door.path}${r.door.path.endsWith('/') ? r.tail : ''}${r.query ? `?${r.query[0]}=${r.query[1]}` : ''}`);
        const signed = r.slack ? [`X-Slack-Request-Timestamp: ${r.slack === 'stale' ? now - 600 : now}`, `X-Slack-Signature: ${slackSignature(r.body, r.slack === 'stale' ? now - 600 : now, r.slack === 'wrong secret' ? 'not-the-secret' : undefined)}`] : [];
        const answer = (await sendRaw(d.server.port, request(r.method, target, [...r.headers, ...signed], r.body))).text;
        const status = statusOf({ text: answer });
        const what = `${r.method} ${target} answered ${status}: ${answer.slice(0, 300)}`;
        expect(status, what).not.toBeNull();
        expect(status!, what).toBeLessThan(500);
        if (status! < 400) {
          // Express answers OPTIONS with the methods a path takes, reading nothing else.
          if (r.method === 'OPTIONS') return void expect(headerOf(answer, 'allow'), what).toBeTruthy();
          // Only the OpenID callback answers an unauthenticated caller without refusing: to the refusal page.
          if (r.door.answer === 'oidc' && r.method === 'GET') expect(headerOf(answer, 'location'), what).toMatch(/^\/sign-in\/refused\?reason=/);
          else if (r.door.path === '/status/api/v2/summary.json' || r.door.path === '/status/api/subscribe' || r.door.path.startsWith('/api/integrations/slack/') || r.door.path.startsWith('/api/integrations/twilio/')) {
            // Public reads; a subscription the public may make; Slack's url_verification challenge and Twilio's TwiML are signed
          } else expect.unreachable(what);
          return;
        }
        expect(refusalBody(r.door, answer), what).toBe(true);
      }),
      { numRuns: RUNS, seed: SEED, verbose: 1 },
    );
    expect(await d.snapshot()).toBe(before);
    expect(({} as Record<string, unknown>).polluted, 'Object.prototype is untouched').toBeUndefined();
    // Each refusal kind leaves a burst of rows and a summary per window (issue 11), however many arrive.
    expect(await d.auditRows()).toBeLessThanOrEqual(audit + 4 * (AUDIT_BURST + 1));
    expect((await fetch(`${d.server.url}/api/health`)).status).toBe(200);
    expect(d.bystander.drops).toBe(0);
  });
});

/** Whether a refusal's body is of the kind the door promises. */
function refusalBody(door: Door, answer: string): boolean {
  const type = headerOf(answer, 'content-type') ?? '';
  const text = bodyOf(answer);
  if (door.answer === 'twilio' && type.startsWith('text/plain')) return text.length > 0;
  if (door.answer === 'oidc' && !type.includes('json')) return type.startsWith('text/') || text.length === 0;
  try {
    const json = JSON.parse(text);
    if (door.answer === 'pagerduty' && ['invalid event', 'throttle event'].includes(json.status)) return true;
    return typeof json.error?.code === 'string' && typeof json.error?.message === 'string';
  } catch {
    return false;
  }
}
