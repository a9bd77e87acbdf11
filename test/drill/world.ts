/**
 * The world a drill starts: three nodes on a fresh PostgreSQL and a private Redis behind the
 * sticky balancer, the OpenID provider everyone signs in with, a real SMTP server, the Slack,
 * Twilio and GitHub stand-ins, a status-page subscriber, and the alert sender (Alertmanager where
 * installed). Then what a team sets up before its first game day: people with email and SMS, a
 * primary and a secondary schedule, an escalation policy paging them in turn, the `checkout`
 * service naming it, and a PagerDuty routing key.
 */
import { startCluster } from '../helpers/cluster.ts';
import type { Cluster } from '../helpers/cluster.ts';
import { startOidcProvider } from '../helpers/oidcProvider.ts';
import type { TestPerson, TestProvider } from '../helpers/oidcProvider.ts';
import { startSmtpServer } from '../helpers/smtpServer.ts';
import type { TestSmtpServer } from '../helpers/smtpServer.ts';
import { SLACK_CHANNEL, SLACK_SECRET, SLACK_TOKEN, startSlackStandIn } from '../helpers/slackStandIn.ts';
import type { SlackStandIn, StandInUser } from '../helpers/slackStandIn.ts';
import { startTwilioStandIn } from '../helpers/twilioStandIn.ts';
import type { TwilioStandIn } from '../helpers/twilioStandIn.ts';
import { startGitHubStandIn } from '../helpers/githubStandIn.ts';
import type { GitHubStandIn } from '../helpers/githubStandIn.ts';
import { startWebhookReceiver } from '../helpers/webhookReceiver.ts';
import type { WebhookReceiver } from '../helpers/webhookReceiver.ts';
import { startAlertSender } from './alertmanager.ts';
import type { AlertSender } from './alertmanager.ts';
import { startStickyBalancer } from './stickyBalancer.ts';
import type { StickyBalancer } from './stickyBalancer.ts';
import { signInThroughProvider } from './people.ts';
import type { DrillPerson } from './people.ts';
import type { DrillSize } from './sizes.ts';

export const SERVICE = 'checkout';

/** Who takes part: the two on call, and the responders who work the room in Chromium. */
export interface Cast {
  primary: DrillPerson;
  secondary: DrillPerson;
  responders: DrillPerson[];
}

export interface World {
  size: DrillSize;
  cluster: Cluster;
  lb: StickyBalancer;
  provider: TestProvider;
  smtp: TestSmtpServer;
  slack: SlackStandIn;
  twilio: TwilioStandIn;
  github: GitHubStandIn;
  statusSubscriber: WebhookReceiver;
  alerts: AlertSender;
  cast: Cast;
  /** Slack users matching the responders' emails, so Slack acts as their accounts. */
  slackUsers: StandInUser[];
  routingKey: string;
  /** Contact addresses of the people paged, for counting what reached them. */
  contacts: Map<string, { email: string; sms: string }>;
  close(): Promise<void>;
}

const RESPONDER_NAMES = ['Ana Lima', 'Ben Okafor', 'Chen Wei', 'Dora Novak', 'Eli Haddad', 'Fay Moreau'];

function personOf(name: string): TestPerson {
  const sub = name.split(' ')[0]!.toLowerCase();
  return { sub, name, email: `${sub}@example.org`, groups: ['oncall'] };
}

export async function startWorld(size: DrillSize, log: (text: string) => void): Promise<World> {
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c().catch(() => {});
  };
  try {
    const people = [personOf('Pat Primary'), personOf('Sam Second'), ...RESPONDER_NAMES.slice(0, size.browserResponders).map(personOf)];
    const [provider, smtp, slack, twilio, github, statusSubscriber, lb] = await Promise.all([
      startOidcProvider(people),
      startSmtpServer(),
      startSlackStandIn({ botToken: SLACK_TOKEN, signingSecret: SLACK_SECRET }),
      startTwilioStandIn(),
      startGitHubStandIn(),
      startWebhookReceiver(),
      startStickyBalancer(),
    ]);
    closers.push(() => provider.close(), () => smtp.close(), () => slack.close(), () => twilio.close(), () => github.close(), () => statusSubscriber.close(), () => lb.close());
    slack.addChannel(SLACK_CHANNEL, 'incidents');

    const cluster = await startCluster({
      nodes: 3,
      env: {
        PUBLIC_URL: lb.url,
        ...provider.env({ OIDC_RESPONDER_GROUPS: 'oncall' }),
        SMTP_URL: smtp.url,
        SMTP_FROM: 'Incident Room <incidents@example.org>',
        SLACK_SIGNING_SECRET: SLACK_SECRET,
        SLACK_BOT_TOKEN: SLACK_TOKEN,
        SLACK_CHANNEL,
        SLACK_API_URL: slack.url,
        ...twilio.env,
        GITHUB_API_URL: github.url,
        GITHUB_REPO: github.repo,
        GITHUB_TOKEN: github.token,
        STATUS_PAGE: 'public',
        STATUS_PAGE_NAME: 'Acme Status',
        WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
        ALERT_GROUPING: 'service',
        TIMER_POLL_MS: '200',
        // Every browser and scripted scribe arrives through the balancer, as one address.
        MAX_CONNECTIONS_PER_ADDRESS: '100000',
        COMMANDS_PER_MINUTE: '600',
        ...(process.env.DRILL_LOG_LEVEL ? { LOG_LEVEL: process.env.DRILL_LOG_LEVEL } : {}),
      },
    });
    closers.push(() => cluster.close());
    lb.setBackends(cluster.nodes.map((n) => n.port));
    log(`3 nodes on ports ${cluster.nodes.map((n) => n.port).join(', ')} behind ${lb.url}; PostgreSQL ${cluster.db.name}; Redis ${cluster.redis.url}`);

    const alerts = await startAlertSender(`${cluster.nodes[0]!.url}/api/alerts/alertmanager`, cluster.adminToken);
    closers.push(() => alerts.close());
    log(`alerts go through: ${alerts.kind}`);

    const signedIn = await Promise.all(people.map((p) => signInThroughProvider(lb.url, p.sub)));
    const [primary, secondary, ...responders] = signedIn as [DrillPerson, DrillPerson, ...DrillPerson[]];
    const contacts = new Map<string, { email: string; sms: string }>();
    for (const [i, person] of [primary, secondary].entries()) {
      const address = { email: `${person.sub}@example.org`, sms: `+1555010${String(i).padStart(4, '0')}` };
      contacts.set(person.userId, address);
      const email = await person.created(`/api/users/${person.userId}/contact-methods`, { type: 'email', address: address.email });
      const sms = await person.created(`/api/users/${person.userId}/contact-methods`, { type: 'sms', address: address.sms });
      const rules = [{ afterMinutes: 0, contactMethodIds: [email, sms] }];
      const put = await person.api('PUT', `/api/users/${person.userId}/notification-rules`, { rules, highUrgencyRules: rules });
      if (put.status !== 201) throw new Error(`notification rules of ${person.name}: ${put.status} ${JSON.stringify(put.body)}`);
    }

    const api = async (method: string, pathname: string, body: unknown, expected: number) => {
      const res = await cluster.api(method, pathname, body, { node: 1 });
      if (res.status !== expected) throw new Error(`${method} ${pathname}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const rota = (name: string, userId: string) =>
      api('POST', '/api/schedules', { name, timeZone: 'Europe/London', layers: [{ name: 'Weekly', start: '2026-01-05T09:00:00', rotation: { type: 'weekly' }, handoffTime: '09:00', users: [userId] }] }, 201);
    const primaryRota = await rota('Checkout primary', primary.userId);
    const secondaryRota = await rota('Checkout secondary', secondary.userId);
    const policy = await api(
      'POST',
      '/api/escalation-policies',
      {
        name: 'Checkout',
        steps: [
          { delayMinutes: 5, targets: [{ type: 'schedule', scheduleId: primaryRota.id }] },
          { delayMinutes: 5, targets: [{ type: 'schedule', scheduleId: secondaryRota.id }] },
        ],
      },
      201,
    );
    await api('PUT', `/api/services/${SERVICE}`, { escalationPolicyId: policy.id }, 200);
    const key = await api('POST', '/api/alerts/routing-keys', { service: SERVICE, name: 'Datadog production' }, 201);

    const slackUsers: StandInUser[] = responders.map((r, i) => ({ id: `U0DRILL${i}`, team: 'T0TEAM', handle: r.sub, realName: r.name, email: `${r.sub}@example.org` }));
    for (const user of slackUsers) slack.addUser(user);
    log(`people: ${signedIn.map((p) => p.name).join(', ')} (signed in through the OpenID provider); policy pages ${primary.name}, then ${secondary.name} after 5 min`);

    return { size, cluster, lb, provider, smtp, slack, twilio, github, statusSubscriber, alerts, cast: { primary, secondary, responders }, slackUsers, routingKey: key.routingKey, contacts, close };
  } catch (error) {
    await close();
    throw error;
  }
}
