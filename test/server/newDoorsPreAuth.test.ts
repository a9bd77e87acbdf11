/**
 * The attacker's pass over every door added since the hardening issue (issue 22, after issue 11):
 * OpenID sign-in, Slack, Mattermost, email acknowledge links, Twilio, the PagerDuty events
 * intake, alert webhooks, the status page and its subscriptions, calendar links and tracker
 * webhooks. Over raw TCP, each malformed or unauthenticated request gets its defined status and
 * body, nothing changes, a bystander's live connection is undisturbed and the server serves on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import * as Y from 'yjs';
import { connectDoc, eventually, synced } from '../helpers/clients.ts';
import { tokenFor } from '../helpers/incidents.ts';
import { AUDIT_BURST, bodyOf, headerOf, MATTERMOST_TOKEN, request, slackSignature, startDoorsServer } from '../helpers/newDoors.ts';
import type { DoorsServer } from '../helpers/newDoors.ts';
import { FetchBrowser, authorizeAtProvider, finishSignIn, startSignIn } from '../helpers/oidcSignIn.ts';
import { sendRaw, statusOf } from '../helpers/rawHttp.ts';
import { twilioSignature } from '../helpers/twilioStandIn.ts';
import { readAtomFeed } from './statusPageAtom.ts';

/** How an answer's body must read: a JSON error, PagerDuty's "invalid event", TwiML or plain text, or a redirect. */
type Body = 'error' | 'invalid event' | 'text' | 'xml' | { location: RegExp } | 'any';
type Case = [what: string, raw: Buffer, status: number, body: Body];

const JSON_TYPE = 'Content-Type: application/json';
const FORM_TYPE = 'Content-Type: application/x-www-form-urlencoded';
const big = (bytes: number) => JSON.stringify({ token: 'x'.repeat(bytes) });
/** Nesting far past what any sender means, within the body limit. */
const deep = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

function cases(d: DoorsServer): Case[] {
  const seconds = Math.floor(d.clock.now() / 1000);
  const slackForm = 'command=%2Fincident&text=help&user_id=U1&team_id=T1&channel_id=C1&user_name=ana&response_url=http%3A%2F%2F127.0.0.1%3A9%2F';
  const signed = (body: string, at = seconds) => [`X-Slack-Request-Timestamp: ${at}`, `X-Slack-Signature: ${slackSignature(body, at)}`];
  const slack = (path: string, headers: string[], body: string | Buffer) => request('POST', `/api/integrations/slack/${path}`, headers, body);
  const twilioUrl = `http://localhost:${d.server.port}/api/integrations/twilio/sms`;
  const twilioPost = (hook: 'sms' | 'voice', params: Record<string, string>) => {
    const signature = twilioSignature(d.twilio.authToken, `http://localhost:${d.server.port}/api/integrations/twilio/${hook}`, params);
    return request('POST', `/api/integrations/twilio/${hook}`, [FORM_TYPE, `X-Twilio-Signature: ${signature}`], new URLSearchParams(params).toString());
  };
  const refused = { location: /^\/sign-in\/refused\?reason=expired$/ };
  const mm = (body: string, headers: string[] = [FORM_TYPE]) => request('POST', '/api/integrations/mattermost/commands', headers, body);
  const mmFields = 'team_id=t1&channel_id=c1&user_id=u1&user_name=ana&text=help';
  const pd = (body: string | Buffer, headers = [JSON_TYPE]) => request('POST', '/api/alerts/pagerduty/v2/enqueue', headers, body);
  const link = (verb: 'inspect' | 'ack', body: string, headers = [JSON_TYPE]) => request('POST', `/api/page-links/${verb}`, headers, body);
  const admin = `Authorization: Bearer ${d.server.adminToken}`;
  return [
    // OpenID: a callback that this browser did not start, however it is dressed, is sent to the refusal page.
    ['an OpenID callback without state or code', request('GET', '/auth/oidc/callback'), 303, refused],
    ['an OpenID callback with percent-encoding errors', request('GET', '/auth/oidc/callback?state=%zz&code=%E0%A4%A&iss=%'), 303, refused],
    ['an OpenID callback with the state twice', request('GET', '/auth/oidc/callback?state=a&state=b&code=c'), 303, refused],
    ['an OpenID callback with a forged state cookie', request('GET', '/auth/oidc/callback?state=forged&code=c', ['Cookie: ir_oidc_state=forged']), 303, refused],
    ['an OpenID callback with a state cookie that is not percent-encoding', request('GET', '/auth/oidc/callback?state=%25&code=c', ['Cookie: ir_oidc_state=%']), 303, refused],
    ['an OpenID callback saying access_denied', request('GET', '/auth/oidc/callback?error=access_denied&state=x', ['Cookie: ir_oidc_state=x']), 303, refused],
    ['an OpenID callback with control characters', request('GET', '/auth/oidc/callback?state=%00%0d%0a&code=%00'), 303, refused],
    ['a sign-in with returnTo as an array', request('GET', '/auth/oidc/login?returnTo[]=//evil.example&returnTo=x'), 303, { location: /^http:\/\/127\.0\.0\.1:\d+\// }],
    ['a sign-in with returnTo that is not percent-encoding', request('GET', '/auth/oidc/login?returnTo=%zz'), 303, { location: /^http:\/\/127\.0\.0\.1:\d+\// }],

    // Slack: the signature over the raw bytes, within five minutes, or 401 before anything is read.
    ['a Slack command without a signature', slack('commands', [FORM_TYPE], slackForm), 401, 'error'],
    ['a Slack command with a forged signature', slack('commands', [FORM_TYPE, `X-Slack-Request-Timestamp: ${seconds}`, `X-Slack-Signature: v0=${'0'.repeat(64)}`], slackForm), 401, 'error'],
    ['a Slack command signed with another secret', slack('commands', [FORM_TYPE, `X-Slack-Request-Timestamp: ${seconds}`, `X-Slack-Signature: ${slackSignature(slackForm, seconds, 'not-the-secret')}`], slackForm), 401, 'error'],
    ['a Slack command signed six minutes ago (a replay)', slack('commands', [FORM_TYPE, ...signed(slackForm, seconds - 360)], slackForm), 401, 'error'],
    ['a Slack command stamped in the future', slack('commands', [FORM_TYPE, ...signed(slackForm, seconds + 360)], slackForm), 401, 'error'],
    ['a Slack command with a timestamp that is no number', slack('commands', [FORM_TYPE, `X-Slack-Request-Timestamp: ${seconds}.5`, `X-Slack-Signature: ${slackSignature(slackForm, seconds)}`], slackForm), 401, 'error'],
    ['a Slack command with the signature in capitals', slack('commands', [FORM_TYPE, `X-Slack-Request-Timestamp: ${seconds}`, `X-Slack-Signature: ${slackSignature(slackForm, seconds).toUpperCase()}`], slackForm), 401, 'error'],
    ['a Slack command with two signatures', slack('commands', [FORM_TYPE, ...signed(slackForm), `X-Slack-Signature: v0=${'0'.repeat(64)}`], slackForm), 401, 'error'],
    ['a Slack command whose body changed after signing', slack('commands', [FORM_TYPE, ...signed(slackForm)], slackForm + '&x=1'), 401, 'error'],
    ['a gzipped Slack request', slack('events', [JSON_TYPE, 'Content-Encoding: gzip', ...signed('{}')], gzipSync('{}')), 400, 'error'],
    ['a Slack request over the body limit', slack('events', [JSON_TYPE, ...signed('{}')], JSON.stringify({ x: 'x'.repeat(70_000) })), 413, 'error'],
    ['a GET of a Slack endpoint', request('GET', '/api/integrations/slack/commands'), 401, 'error'],
    ['a signed Slack event that is not JSON', slack('events', [JSON_TYPE, ...signed('{"type":')], '{"type":'), 400, 'any'],
    // Slack is told 200 for events the app does not handle, as Slack expects.
    ['a signed Slack event that is an array', slack('events', [JSON_TYPE, ...signed('[1,2]')], '[1,2]'), 200, 'any'],
    ['a signed Slack event with __proto__', slack('events', [JSON_TYPE, ...signed('{"__proto__":{"type":"url_verification"},"type":"event_callback"}')], '{"__proto__":{"type":"url_verification"},"type":"event_callback"}'), 200, 'any'],
    ['a signed Slack interaction whose payload is not JSON', slack('interactions', [FORM_TYPE, ...signed('payload=%7B')], 'payload=%7B'), 400, 'any'],
    ['a signed Slack command with percent-encoding errors', slack('commands', [FORM_TYPE, ...signed('text=%zz&command=%E0%A4%A&__proto__=x')], 'text=%zz&command=%E0%A4%A&__proto__=x'), 400, 'any'],

    // Mattermost: the slash command's token, a button's signed context, or 401.
    ['a Mattermost command without a token', mm(mmFields), 401, 'error'],
    ['a Mattermost command with a wrong token', mm(`${mmFields}&token=wrong`), 401, 'error'],
    ['a Mattermost command with the token twice in the form', mm(`${mmFields}&token=${MATTERMOST_TOKEN}&token=${MATTERMOST_TOKEN}`), 401, 'error'],
    ['a Mattermost command with a right form token and a wrong header', mm(`${mmFields}&token=${MATTERMOST_TOKEN}`, [FORM_TYPE, 'Authorization: Token wrong']), 401, 'error'],
    ['a Mattermost command with an Authorization of another scheme', mm(mmFields, [FORM_TYPE, `Authorization: Bearer ${MATTERMOST_TOKEN}`]), 401, 'error'],
    ['a Mattermost command as JSON', mm(JSON.stringify({ token: MATTERMOST_TOKEN }), [JSON_TYPE]), 401, 'error'],
    ['a Mattermost command with the token and no fields', mm(`token=${MATTERMOST_TOKEN}&__proto__=x&constructor=y`), 400, 'error'],
    ['a Mattermost command with the token and fields as numbers in arrays', mm(`token=${MATTERMOST_TOKEN}&team_id=1&team_id=2&channel_id=c&user_id=u&user_name=%zz`), 400, 'error'],
    ['a Mattermost command over the body limit', mm(`token=${'x'.repeat(70_000)}`), 413, 'error'],
    ['a Mattermost button with a forged context', request('POST', '/api/integrations/mattermost/actions', [JSON_TYPE], JSON.stringify({ user_id: 'u', team_id: 't', context: { action: 'acknowledge', incident: d.incidentId, mac: 'AAAA' } })), 401, 'error'],
    ['a Mattermost button with a polluted context', request('POST', '/api/integrations/mattermost/actions', [JSON_TYPE], '{"user_id":"u","team_id":"t","context":{"__proto__":{"action":"acknowledge"},"constructor":{"prototype":{"mac":"x"}}}}'), 401, 'error'],
    ['a Mattermost button that is an array', request('POST', '/api/integrations/mattermost/actions', [JSON_TYPE], '[{"context":{}}]'), 401, 'error'],
    ['a Mattermost button that is not JSON', request('POST', '/api/integrations/mattermost/actions', [JSON_TYPE], '{"context":'), 400, 'error'],

    // Email acknowledge links: only a known token does anything, and never twice.
    ['inspecting a link without a body', link('inspect', '', []), 400, 'error'],
    ['inspecting a link as text', link('inspect', '{"token":"x"}', ['Content-Type: text/plain']), 400, 'error'],
    ['inspecting a link that is not JSON', link('inspect', '{"token":'), 400, 'error'],
    ['inspecting a link with a number', link('inspect', '{"token":123}'), 400, 'error'],
    ['inspecting a link with an array', link('inspect', '{"token":["a"]}'), 400, 'error'],
    ['inspecting links as an array', link('inspect', '[{"token":"a"}]'), 400, 'error'],
    ['inspecting a link with __proto__', link('inspect', '{"token":"a","__proto__":{"admin":true}}'), 400, 'error'],
    ['inspecting a link with constructor.prototype', link('inspect', '{"token":"a","constructor":{"prototype":{"admin":true}}}'), 400, 'error'],
    ['inspecting a garbage link', link('inspect', '{"token":"pl_garbage"}'), 404, 'error'],
    ['inspecting a link of control characters and right-to-left marks', link('inspect', JSON.stringify({ token: '\u0000\u202e\r\n%zz' })), 404, 'error'],
    ['acknowledging with a garbage link', link('ack', '{"token":"pl_garbage"}'), 404, 'error'],
    ['acknowledging with a link over the limit', link('ack', big(70_000)), 413, 'error'],
    ['acknowledging with a link in a form', link('ack', 'token=pl_garbage', [FORM_TYPE]), 400, 'error'],
    // A body that does not inflate is the sender's mistake, on every JSON door.
    ['acknowledging with a link that says gzip but is not', link('ack', '{"token":"x"}', [JSON_TYPE, 'Content-Encoding: gzip']), 400, 'error'],
    ['inspecting an empty link that says deflate', link('inspect', '', [JSON_TYPE, 'Content-Encoding: deflate']), 400, 'error'],
    ['subscribing with a body that says br but is not', request('POST', '/status/api/subscribe', [JSON_TYPE, 'Content-Encoding: br'], '{"email":"a@example.org"}'), 400, 'error'],
    ['a Mattermost button that says gzip but is not', request('POST', '/api/integrations/mattermost/actions', [JSON_TYPE, 'Content-Encoding: gzip'], '{}'), 400, 'error'],
    ['a Mattermost command that says gzip but is not', mm('token=x', [FORM_TYPE, 'Content-Encoding: gzip']), 400, 'error'],
    ['a GET of the acknowledge endpoint', request('GET', '/api/page-links/ack'), 401, 'error'],

    // Twilio: its signature over PUBLIC_URL, the path and the parameters, or 403 (TwiML is for Twilio only).
    ['an unsigned text reply', request('POST', '/api/integrations/twilio/sms', [FORM_TYPE], 'From=%2B15550100&Body=ack'), 403, 'text'],
    ['a text reply with a forged signature', request('POST', '/api/integrations/twilio/sms', [FORM_TYPE, 'X-Twilio-Signature: AAAA'], 'From=%2B15550100&Body=ack'), 403, 'text'],
    ['a text reply signed for other parameters', request('POST', '/api/integrations/twilio/sms', [FORM_TYPE, `X-Twilio-Signature: ${twilioSignature(d.twilio.authToken, twilioUrl, { Body: 'help' })}`], 'From=%2B15550100&Body=ack'), 403, 'text'],
    ['a text reply signed twice', request('POST', '/api/integrations/twilio/sms', [FORM_TYPE, `X-Twilio-Signature: ${twilioSignature(d.twilio.authToken, twilioUrl, {})}`, 'X-Twilio-Signature: AAAA'], ''), 403, 'text'],
    ['a text reply as JSON', request('POST', '/api/integrations/twilio/sms', [JSON_TYPE, 'X-Twilio-Signature: AAAA'], '{"Body":"ack","From":"+15550100"}'), 403, 'text'],
    // A JSON body is no part of what Twilio signs: signed over no parameters, it is read as none.
    ['a signed text reply whose body is JSON', request('POST', '/api/integrations/twilio/sms', [JSON_TYPE, `X-Twilio-Signature: ${twilioSignature(d.twilio.authToken, twilioUrl, {})}`], '{"Body":"ack"}'), 200, 'xml'],
    ['a text reply with percent-encoding errors', request('POST', '/api/integrations/twilio/sms', [FORM_TYPE, 'X-Twilio-Signature: %zz'], 'From=%zz&Body=%E0%A4%A&__proto__=1'), 403, 'text'],
    ['a text reply over the body limit', request('POST', '/api/integrations/twilio/sms', [FORM_TYPE], `Body=${'x'.repeat(40_000)}`), 413, 'error'],
    // Signed, as Twilio would, but about nobody this server paged: answered in TwiML, nothing acknowledged.
    ['a signed "ack" from a number nobody was paged at', twilioPost('sms', { From: '+15550199', Body: ' ACK ', MessageSid: 'SM\u0000\u202e' }), 200, 'xml'],
    ['a signed key press of a call nobody placed', twilioPost('voice', { Digits: '1', CallSid: 'CA%zz', To: '__proto__' }), 200, 'xml'],
    ['a signed text of nothing at all', twilioPost('sms', {}), 200, 'xml'],
    ['a key press with a forged signature', request('POST', '/api/integrations/twilio/voice', [FORM_TYPE, 'X-Twilio-Signature: AAAA'], 'Digits=1&CallSid=CA1'), 403, 'text'],
    ['a GET of the voice hook', request('GET', '/api/integrations/twilio/voice'), 404, 'text'],

    // The PagerDuty events intake: its routing key is the credential; PagerDuty's own answers.
    ['an event without a body', pd('', []), 400, 'invalid event'],
    ['an event that is not JSON', pd('{"routing_key":'), 400, 'invalid event'],
    ['an event as text', pd('{"routing_key":"x"}', ['Content-Type: text/plain']), 400, 'invalid event'],
    ['an event without a routing key', pd('{"event_action":"trigger","payload":{"summary":"s","source":"s","severity":"critical"}}'), 400, 'invalid event'],
    ['an event with a wrong routing key', pd(JSON.stringify({ routing_key: 'R0nope', event_action: 'trigger', payload: { summary: 's', source: 's', severity: 'critical' } })), 400, 'invalid event'],
    ['an event with the routing key as a number', pd('{"routing_key":12345678,"event_action":"trigger"}'), 400, 'invalid event'],
    ['an event with the severity as a number in a string', pd(JSON.stringify({ routing_key: d.routingKey, event_action: 'trigger', payload: { summary: 's', source: 's', severity: '1' } })), 400, 'invalid event'],
    ['an event with the payload as an array', pd(JSON.stringify({ routing_key: d.routingKey, event_action: 'trigger', payload: [] })), 400, 'invalid event'],
    ['events as an array', pd(JSON.stringify([{ routing_key: d.routingKey, event_action: 'trigger' }])), 400, 'invalid event'],
    ['an event with __proto__ in the payload', pd(`{"routing_key":"${d.routingKey}","event_action":"trigger","payload":{"__proto__":{"summary":"s","source":"s","severity":"critical"}}}`), 400, 'invalid event'],
    ['an acknowledge of a dedup key that is not a string', pd(JSON.stringify({ routing_key: d.routingKey, event_action: 'acknowledge', dedup_key: { a: 1 } })), 400, 'invalid event'],
    ['an event over the body limit', pd(JSON.stringify({ routing_key: 'x', payload: { custom_details: 'x'.repeat(70_000) } })), 413, 'invalid event'],
    ['a deeply nested event with a wrong key', pd(`{"routing_key":"R0nope","event_action":"trigger","payload":{"summary":"s","source":"s","severity":"critical","custom_details":${deep(5000)}}}`), 400, 'invalid event'],
    ['a gzipped event', pd(gzipSync('{}'), [JSON_TYPE, 'Content-Encoding: gzip']), 400, 'invalid event'],
    ['an event that says gzip but is not', pd('{"routing_key":"x"}', [JSON_TYPE, 'Content-Encoding: gzip']), 400, 'invalid event'],
    ['an empty event that says br', pd('', [JSON_TYPE, 'Content-Encoding: br']), 400, 'invalid event'],
    ['an event in another charset', pd('{}', ['Content-Type: application/json; charset=utf-7']), 400, 'invalid event'],

    // Alert webhooks are for the API token only.
    ['an Alertmanager webhook without a token', request('POST', '/api/alerts/alertmanager', [JSON_TYPE], '{"alerts":[]}'), 401, 'error'],
    ['an Alertmanager webhook with a wrong token', request('POST', '/api/alerts/alertmanager', [JSON_TYPE, 'Authorization: Bearer wrong'], '{"alerts":[]}'), 401, 'error'],
    ['a Grafana webhook without a token', request('POST', '/api/alerts/grafana', [JSON_TYPE], '{"alerts":[]}'), 401, 'error'],
    ['a heartbeat with a token that is not percent-encoding', request('POST', '/api/heartbeat?token=%zz', [JSON_TYPE], '{}'), 401, 'error'],

    // The status page (public here): reading is open, subscribing is bounded and checked.
    ['subscribing with a body that is not JSON', request('POST', '/status/api/subscribe', [JSON_TYPE], '{"email":'), 400, 'error'],
    ['subscribing with a body over 4 KB', request('POST', '/status/api/subscribe', [JSON_TYPE], JSON.stringify({ email: `${'a'.repeat(5000)}@example.org` })), 413, 'error'],
    ['subscribing with an array', request('POST', '/status/api/subscribe', [JSON_TYPE], '["a@example.org"]'), 400, 'error'],
    ['subscribing with __proto__', request('POST', '/status/api/subscribe', [JSON_TYPE], '{"__proto__":{"email":"a@example.org"}}'), 400, 'error'],
    ['subscribing a webhook on loopback', request('POST', '/status/api/subscribe', [JSON_TYPE], '{"webhookUrl":"http://127.0.0.1:9/hook"}'), 400, 'error'],
    ['subscribing a webhook that is javascript', request('POST', '/status/api/subscribe', [JSON_TYPE], '{"webhookUrl":"javascript:alert(1)"}'), 400, 'error'],
    ['confirming with a token that is not percent-encoding', request('GET', '/status/api/subscribers/%zz/confirm'), 400, 'error'],
    ['confirming with a garbage token', request('POST', '/status/api/subscribers/garbage/confirm'), 404, 'error'],
    ['unsubscribing with a garbage token', request('DELETE', '/status/api/subscribers/garbage'), 404, 'error'],
    ['unsubscribing with a token of control characters', request('POST', '/status/api/subscribers/%00%0A/unsubscribe'), 404, 'error'],
    ['an unknown status page endpoint', request('GET', '/status/api/v2/%E0%A4%A.json'), 404, 'error'],

    // Calendar links: the secret is the whole credential.
    ['a calendar link of garbage', request('GET', '/api/calendars/garbage.ics'), 404, 'error'],
    ['a calendar link of the right shape', request('GET', `/api/calendars/irc_${'A'.repeat(32)}.ics`), 404, 'error'],
    ['a calendar link that is not percent-encoding', request('GET', '/api/calendars/%zz.ics'), 400, 'error'],
    ['a calendar link of control characters', request('GET', '/api/calendars/irc_%00%0d%0a.ics'), 404, 'error'],
    ['a calendar link climbing out', request('GET', '/api/calendars/..%2F..%2Fhealth'), 404, 'error'],

    // Doors behind sign-in: 401 first, whatever the path or body.
    ['roomless pages without a session', request('POST', '/api/pages/%zz/acknowledge', [JSON_TYPE], '{}'), 401, 'error'],
    ['a schedule without a session', request('GET', '/api/schedules/%E0%A4%A'), 401, 'error'],
    ['an escalation policy without a session', request('PUT', '/api/escalation-policies/x', [JSON_TYPE], '{"__proto__":{}}'), 401, 'error'],
    ['a people import without a session', request('POST', '/api/people', [JSON_TYPE], '[]'), 401, 'error'],
    ['follow-ups without a session', request('GET', '/api/follow-ups'), 401, 'error'],
    // …and with the API token, a path that is not percent-encoding is a client's mistake, not the server's.
    ['a schedule id that is not percent-encoding', request('GET', '/api/schedules/%zz', [admin]), 400, 'error'],
    ['an escalation policy id that is not percent-encoding', request('GET', '/api/escalation-policies/%E0%A4%A', [admin]), 400, 'error'],
    ['a roomless page id that is not percent-encoding', request('POST', '/api/pages/%zz/acknowledge', [admin, JSON_TYPE], '{}'), 400, 'error'],
    ['a people import that is an array', request('POST', '/api/people', [admin, JSON_TYPE], '[{"name":"x"}]'), 400, 'error'],
    ['a people import with __proto__', request('POST', '/api/people', [admin, JSON_TYPE], '{"__proto__":{"people":[]},"constructor":{"prototype":{}}}'), 400, 'error'],

    ['a schedule that is an array', request('POST', '/api/schedules', [admin, JSON_TYPE], '[{"name":"x"}]'), 400, 'error'],
    ['a schedule with __proto__ and numbers as strings', request('POST', '/api/schedules', [admin, JSON_TYPE], '{"__proto__":{"name":"x"},"name":"Primary","timeZone":"Europe/Nowhere","layers":"1"}'), 400, 'error'],
    ['a schedule with control characters in its time zone', request('POST', '/api/schedules', [admin, JSON_TYPE], JSON.stringify({ name: 'Primary', timeZone: '../../etc/localtime\u0000', layers: [] })), 400, 'error'],
    ['a calendar import of garbage into no schedule', request('POST', '/api/schedules/nope/import', [admin, 'Content-Type: text/calendar'], 'BEGIN:VCALENDAR\r\n\u0000'), 404, 'error'],
    ['an escalation policy that is an array', request('POST', '/api/escalation-policies', [admin, JSON_TYPE], '[]'), 400, 'error'],
    ['an escalation policy with steps as a string', request('POST', '/api/escalation-policies', [admin, JSON_TYPE], '{"name":"p","steps":"1","constructor":{"prototype":{}}}'), 400, 'error'],
    ['acknowledging a roomless page nobody sent', request('POST', '/api/pages/pg-nope/acknowledge', [admin, JSON_TYPE], '{}'), 404, 'error'],
    ['promoting a roomless page with a body of garbage', request('POST', '/api/pages/pg-nope/promote', [admin, JSON_TYPE], '{"title":'), 400, 'error'],

    // Tracker webhooks: a signature or secret over the raw bytes, or 401/403.
    ['a GitHub webhook without a signature', request('POST', '/api/integrations/github/webhook', [JSON_TYPE, 'X-GitHub-Event: issues'], '{"action":"closed"}'), 401, 'error'],
    ['a GitHub webhook with a forged signature', request('POST', '/api/integrations/github/webhook', [JSON_TYPE, 'X-GitHub-Event: issues', `X-Hub-Signature-256: sha256=${'0'.repeat(64)}`], '{"action":"closed"}'), 403, 'error'],
    ['a Jira webhook without its secret', request('POST', '/api/integrations/jira/webhook', [JSON_TYPE], '{"webhookEvent":"jira:issue_updated"}'), 401, 'error'],
  ];
}

describe('the new doors before authentication', () => {
  let d: DoorsServer;
  let port: number;
  beforeAll(async () => {
    d = await startDoorsServer('public');
    port = d.server.port;
  });
  afterAll(() => d.close());

  it('answers each hostile request with its defined status and body, and changes nothing', async () => {
    const before = await d.snapshot();
    const expected: string[] = [];
    const answered: string[] = [];
    for (const [what, raw, status, body] of cases(d)) {
      const answer = (await sendRaw(port, raw)).text;
      expected.push(`${what}: ${status} ${say(body)}`);
      answered.push(`${what}: ${statusOf({ text: answer })} ${bodyKind(answer, body)}`);
    }
    expect(answered).toEqual(expected);
    expect(await d.snapshot()).toBe(before);
    expect(({} as Record<string, unknown>).admin, 'no request polluted Object.prototype').toBeUndefined();
    expect((await fetch(`${d.server.url}/api/health`)).status).toBe(200);
    expect(d.bystander.drops).toBe(0);
  });

  it('never redirects a sign-in to another site, whatever returnTo says', async () => {
    const attempts = ['//evil.example', 'https://evil.example/', '/\\evil.example', '/\\/evil.example', '\\\\evil.example', '/%2F%2Fevil.example', '/.//evil.example', '/..//evil.example', '/%2e//evil.example', '/a/..//evil.example', '/./\\evil.example', '/\t/evil.example', ' //evil.example', 'javascript:alert(1)', `/${'a'.repeat(2000)}`];
    const landed: string[] = [];
    for (const returnTo of attempts) {
      const browser = new FetchBrowser();
      const callback = await authorizeAtProvider(browser, await startSignIn(d.server, browser, returnTo), 'ana');
      const outcome = await finishSignIn(browser, callback);
      expect(outcome.status).toBe(303);
      landed.push(`${JSON.stringify(returnTo)} -> ${outcome.location}`);
    }
    const offSite = landed.filter((line) => {
      const location = line.split(' -> ')[1]!;
      return new URL(location, 'http://room.example').host !== 'room.example';
    });
    expect(offSite).toEqual([]);
    // A path of this site is kept: the guard refuses only what leaves it.
    const browser = new FetchBrowser();
    const kept = await finishSignIn(browser, await authorizeAtProvider(browser, await startSignIn(d.server, browser, '/incidents?tab=open'), 'ana'));
    expect(kept.location).toBe('/incidents?tab=open');
  });

  it('refuses a replayed OpenID callback and starts no second session', async () => {
    const browser = new FetchBrowser();
    const callback = await authorizeAtProvider(browser, await startSignIn(d.server, browser), 'ana');
    const first = await finishSignIn(browser, callback);
    expect(first.cookie).not.toBeNull();
    // The same callback URL again, from the browser that started it and from another one.
    const again = await fetch(callback, { redirect: 'manual', headers: { cookie: browser.jar.header(new URL(callback)) } });
    expect([again.status, again.headers.get('location')]).toEqual([303, '/sign-in/refused?reason=expired']);
    expect(again.headers.getSetCookie().some((c) => c.startsWith('ir_session=') && !c.startsWith('ir_session=;'))).toBe(false);
  });

  it('escapes hostile incident titles and status updates in the Atom feed', async () => {
    const title = '<script>alert(1)</script> & "quoted" ]]> \u0001\u0008\uFFFE\u202e';
    const declared = await d.server.api('POST', '/api/incidents', { title, severity: 'SEV2', service: 'checkout', statusPage: true });
    expect(declared.status, JSON.stringify(declared.body)).toBe(201);
    const text = '<img src=x onerror=alert(1)> &amp; </content><entry>';
    const published = await d.server.api('POST', `/api/incidents/${declared.body.id}/commands`, { type: 'publishStatusUpdate', text, status: 'investigating' });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const res = await fetch(`${d.server.url}/status/feed.atom`);
    const feed = await res.text();
    expect(feed).not.toContain('<script>');
    expect(feed).not.toContain('<img');
    // A strict reader takes it, and reads back exactly what was said, less what XML cannot carry.
    const read = readAtomFeed(feed);
    const entry = read.entries.find((e) => e.content === text);
    expect(entry?.title).toBe(`${title.replace(/[\u0001\u0008\uFFFE]/g, '')}: Investigating`);
  });

  it('bounds subscriptions from one address, and the audit rows a flood of forged webhooks leaves', async () => {
    const audit = await d.auditRows();
    const answers: number[] = [];
    for (let i = 0; i < 15; i++) {
      const res = await fetch(`${d.server.url}/status/api/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ webhookUrl: `http://127.0.0.1:9/${i}` }) });
      answers.push(res.status);
      expect((await res.json()).error.code).toBeTypeOf('string');
    }
    expect(answers.at(-1)).toBe(429);
    expect(answers.filter((s) => s !== 429 && s !== 400)).toEqual([]);
    for (let i = 0; i < 40; i++) {
      for (const path of ['/api/integrations/twilio/sms', '/api/integrations/github/webhook', '/api/integrations/jira/webhook']) {
        const answer = await sendRaw(port, request('POST', path, [FORM_TYPE, 'X-Twilio-Signature: AAAA', `X-Hub-Signature-256: sha256=${'1'.repeat(64)}`], `n=${i}`));
        expect([401, 403]).toContain(statusOf(answer));
      }
    }
    // 120 refusals of three kinds from one address: a burst of each, and a summary row at most.
    expect(await d.auditRows()).toBeLessThanOrEqual(audit + 3 * (AUDIT_BURST + 1));
  });

  it('opens the incident of an event whose custom details nest deeper than the stack', async () => {
    const nested = { arrays: '['.repeat(30_000) + ']'.repeat(30_000), objects: '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000) };
    for (const [shape, details] of Object.entries(nested)) {
      const res = await fetch(`${d.server.url}/api/alerts/pagerduty/v2/enqueue`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"routing_key":"${d.routingKey}","event_action":"trigger","dedup_key":"deep-${shape}","payload":{"summary":"Deep ${shape}","source":"probe","severity":"critical","custom_details":${details}}}`,
      });
      expect([res.status, (await res.json()).status], shape).toEqual([202, 'success']);
    }
    const titles = (await d.server.api('GET', '/api/incidents')).body.incidents.map((i: { title: string }) => i.title);
    expect(titles).toEqual(expect.arrayContaining(['Deep arrays', 'Deep objects']));
  });

  it('keeps the bystander in the room: connected throughout and still relaying', async () => {
    expect(d.bystander.drops).toBe(0);
    const other = connectDoc(d.server.wsUrl, d.incidentId, await tokenFor(d.server, d.incidentId, 'Second'));
    await synced(other);
    const entry = new Y.Map<unknown>();
    d.bystander.provider.doc.transact(() => {
      entry.set('id', 'after-the-attack');
      entry.set('at', d.clock.now());
      entry.set('kind', 'note');
      entry.set('text', new Y.Text('still here'));
      d.bystander.provider.doc.getArray('transcript').push([entry]);
    });
    await eventually(() => other.doc.getArray('transcript').length > 0, 'the bystander’s entry on another client');
    other.destroy();
  });
});

describe('the private status page before authentication', () => {
  let d: DoorsServer;
  beforeAll(async () => {
    d = await startDoorsServer('private');
  });
  afterAll(() => d.close());

  it('shows nothing and takes no subscription without a session', async () => {
    const before = await d.snapshot();
    const answered: string[] = [];
    for (const [method, path, body] of [
      ['GET', '/status/feed.atom', ''],
      ['GET', '/status/api/v2/summary.json', ''],
      ['GET', '/status/api/page.json?token=%zz', ''],
      ['POST', '/status/api/subscribe', '{"email":"a@example.org"}'],
      ['POST', '/status/api/subscribe', '{"email":'],
    ] as const) {
      const answer = (await sendRaw(d.server.port, request(method, path, [JSON_TYPE, 'Cookie: ir_session=%'], body))).text;
      answered.push(`${method} ${path}: ${statusOf({ text: answer })} ${bodyKind(answer, 'error')}`);
    }
    expect(answered.filter((line) => !line.endsWith(': 401 error'))).toEqual([]);
    expect(await d.snapshot()).toBe(before);
  });
});

function say(body: Body): string {
  return typeof body === 'string' ? body : `to ${body.location}`;
}

/** Names the body as `expected` does when it is of that kind, and says what it is otherwise. */
function bodyKind(answer: string, expected: Body): string {
  const type = headerOf(answer, 'content-type') ?? '';
  const text = bodyOf(answer);
  if (expected === 'any') return expected;
  if (typeof expected === 'object') {
    const location = headerOf(answer, 'location') ?? '';
    return expected.location.test(location) ? say(expected) : `to ${location}`;
  }
  if (expected === 'text') return type.startsWith('text/plain') ? 'text' : `${type}: ${text.slice(0, 80)}`;
  if (expected === 'xml') return type.startsWith('text/xml') ? 'xml' : `${type}: ${text.slice(0, 80)}`;
  try {
    const json = JSON.parse(text);
    if (expected === 'invalid event' && json.status === 'invalid event' && Array.isArray(json.errors)) return expected;
    if (expected === 'error' && typeof json.error?.code === 'string' && typeof json.error?.message === 'string') return expected;
  } catch {
    // not JSON: said below
  }
  return `${type}: ${text.slice(0, 120)}`;
}
