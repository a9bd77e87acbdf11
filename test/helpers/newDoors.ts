/**
 * One server with every door added since the hardening issue open (issue 22): OpenID against a
 * real provider, Slack, Mattermost and Twilio against their stand-ins, PagerDuty events with a
 * routing key, the status page in a chosen mode, calendar links and trackers. Time is a stopped
 * TestClock, so rate limits and signature ages do not depend on how busy the machine is.
 */
import { createHmac } from 'node:crypto';
import type { WebsocketProvider } from 'y-websocket';
import { connectDoc, synced } from './clients.ts';
import { tokenFor } from './incidents.ts';
import { startMattermostStandIn } from './mattermostStandIn.ts';
import type { MattermostStandIn } from './mattermostStandIn.ts';
import { startOidcProvider } from './oidcProvider.ts';
import type { TestProvider } from './oidcProvider.ts';
import { rawRequest } from './rawHttp.ts';
import { startSlackStandIn, SLACK_CHANNEL, SLACK_SECRET, SLACK_TOKEN } from './slackStandIn.ts';
import type { SlackStandIn } from './slackStandIn.ts';
import { TestClock } from './testClock.ts';
import { startTestServer } from './testServer.ts';
import type { TestServer } from './testServer.ts';
import { startTwilioStandIn } from './twilioStandIn.ts';
import type { TwilioStandIn } from './twilioStandIn.ts';

export const MATTERMOST_TOKEN = 'mattermost-command-token-of-the-tests';
export const TRACKER_SECRET = 'tracker-webhook-secret';
export const AUDIT_BURST = 5;

export interface DoorsServer {
  server: TestServer;
  clock: TestClock;
  provider: TestProvider;
  twilio: TwilioStandIn;
  /** An incident on the status page, declared before any attack. */
  incidentId: string;
  routingKey: string;
  /** What a refused request must not change. */
  snapshot(): Promise<string>;
  /** Rows in the audit trail (at most 500 are counted). */
  auditRows(): Promise<number>;
  /** A responder synced in the room through all of it. */
  bystander: Bystander;
  close(): Promise<void>;
}

export interface Bystander {
  provider: WebsocketProvider;
  /** Times the bystander's connection dropped. */
  drops: number;
}

export async function startDoorsServer(statusPage: 'public' | 'private'): Promise<DoorsServer> {
  const clock = new TestClock({ start: Date.now() });
  const provider = await startOidcProvider([{ sub: 'ana', name: 'Ana Lima', email: 'ana@example.org', groups: ['oncall'] }]);
  const slack: SlackStandIn = await startSlackStandIn({ botToken: SLACK_TOKEN, signingSecret: SLACK_SECRET, clock });
  slack.addChannel(SLACK_CHANNEL, 'incidents');
  const mattermost: MattermostStandIn = await startMattermostStandIn({ now: clock.now });
  const twilio = await startTwilioStandIn();
  const server = await startTestServer(
    {},
    {
      ...provider.env({ OIDC_RESPONDER_GROUPS: 'oncall', OIDC_LOGINS_PER_MINUTE: '1000' }),
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_BOT_TOKEN: SLACK_TOKEN,
      SLACK_CHANNEL,
      SLACK_API_URL: slack.url,
      MATTERMOST_COMMAND_TOKEN: MATTERMOST_TOKEN,
      MATTERMOST_WEBHOOK_URL: mattermost.webhookUrl,
      ...twilio.env,
      STATUS_PAGE: statusPage,
      // A refusal leaves at most this many audit rows per kind and address per window, then one summary.
      AUDIT_BURST: String(AUDIT_BURST),
      // Trackers are configured for their webhooks only: nothing here sends a follow-up.
      GITHUB_API_URL: 'http://127.0.0.1:9',
      GITHUB_REPO: 'acme/ops',
      GITHUB_TOKEN: 'github-token-of-the-tests',
      GITHUB_WEBHOOK_SECRET: TRACKER_SECRET,
      JIRA_BASE_URL: 'http://127.0.0.1:9',
      JIRA_EMAIL: 'bot@example.com',
      JIRA_API_TOKEN: 'atlassian-api-token',
      JIRA_PROJECT_KEY: 'OPS',
      JIRA_WEBHOOK_SECRET: TRACKER_SECRET,
    },
    { clock },
  );
  setUp(await server.api('PUT', '/api/services/checkout', {}), 200);
  const declared = await server.api('POST', '/api/incidents', { title: 'Checkout errors', severity: 'SEV2', service: 'checkout', statusPage: true });
  setUp(declared, 201);
  const incidentId = declared.body.id as string;
  const key = await server.api('POST', '/api/alerts/routing-keys', { service: 'checkout', name: 'intake' });
  setUp(key, 201);
  const routingKey = key.body.routingKey as string;

  const doc = connectDoc(server.wsUrl, incidentId, await tokenFor(server, incidentId, 'Bystander'));
  const bystander: Bystander = { provider: doc, drops: 0 };
  await synced(doc);
  doc.on('status', ({ status }: { status: string }) => {
    if (status === 'disconnected') bystander.drops++;
  });

  const snapshot = async () => {
    const incidents = await server.api('GET', '/api/incidents');
    const pages = await server.api('GET', '/api/pages');
    const keys = await server.api('GET', '/api/alerts/routing-keys');
    const people = await server.api('GET', '/api/users');
    return JSON.stringify({ incidents: incidents.body, pages: pages.body, keys: keys.body, people: people.body });
  };
  const auditRows = async () => (await server.api('GET', '/api/audit?limit=500')).body.entries.length as number;

  return {
    server,
    clock,
    provider,
    twilio,
    incidentId,
    routingKey,
    snapshot,
    auditRows,
    bystander,
    close: async () => {
      doc.destroy();
      await server.close();
      await provider.close();
      await slack.close();
      await mattermost.close();
      await twilio.close();
    },
  };
}

function setUp(res: { status: number; body: unknown }, status: number): void {
  if (res.status !== status) throw new Error(`setting up answered ${res.status}: ${JSON.stringify(res.body)}`);
}

/** A request with Host, a Content-Length that matches its body's bytes, and Connection: close. */
export function request(method: string, target: string, headers: string[] = [], body: string | Buffer = ''): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const head = rawRequest(`${method} ${target} HTTP/1.1`, ['Host: localhost', ...headers, ...(bytes.length || method === 'POST' ? [`Content-Length: ${bytes.length}`] : []), 'Connection: close']);
  return Buffer.concat([Buffer.from(head, 'latin1'), bytes]);
}

/** Slack's signature over `body` at `seconds` (X-Slack-Request-Timestamp). */
export function slackSignature(body: string, seconds: number, secret = SLACK_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${seconds}:${body}`).digest('hex')}`;
}

/** The answer's body: what follows the blank line after the headers (not chunk-decoded). */
export function bodyOf(text: string): string {
  const at = text.indexOf('\r\n\r\n');
  return at === -1 ? '' : text.slice(at + 4);
}

/** A header of the answer, by its lower-case name. */
export function headerOf(text: string, name: string): string | null {
  const head = text.slice(0, Math.max(0, text.indexOf('\r\n\r\n')));
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (line.slice(0, colon).toLowerCase() === name) return line.slice(colon + 1).trim();
  }
  return null;
}
