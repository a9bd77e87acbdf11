/**
 * Issue 21: a follow-up exported to GitHub Issues and to Jira in one click, through the outbox, to
 * stand-ins that check the documented requests; then closed (and reopened) by the tracker's own
 * signed webhook, with the signature computed here independently. A forged or unsigned webhook
 * changes nothing and leaves an audit line; an issue that is none of ours is ignored.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FollowUp } from '../../shared/followUps.ts';
import { readJiraEnv } from '../../server/integrations/jira/env.ts';
import { startTestServer } from '../helpers/testServer.ts';
import type { TestServer } from '../helpers/testServer.ts';
import { declareIncident } from '../helpers/incidents.ts';
import { startGitHubStandIn } from '../helpers/githubStandIn.ts';
import type { GitHubStandIn } from '../helpers/githubStandIn.ts';
import { startJiraStandIn } from '../helpers/jiraStandIn.ts';
import type { JiraStandIn } from '../helpers/jiraStandIn.ts';

const GITHUB_SECRET = 'github-webhook-secret';
const JIRA_SECRET = 'jira-webhook-secret';
const JIRA_BASIC = `Basic ${Buffer.from('bot@example.com:atlassian-api-token').toString('base64')}`;

let server: TestServer;
let github: GitHubStandIn;
let jira: JiraStandIn;
let incidentId: string;

/** Polls the server until the condition holds (the outbox delivers in the background). */
async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() - start > 15_000) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function followUp(id: string): Promise<FollowUp> {
  const res = await server.api('GET', `/api/incidents/${incidentId}/follow-ups`);
  return (res.body.followUps as FollowUp[]).find((f) => f.id === id)!;
}

async function create(title: string): Promise<FollowUp> {
  const res = await server.api('POST', `/api/incidents/${incidentId}/follow-ups`, { title, priority: 'p2', dueDate: '2026-04-01' });
  expect(res.status).toBe(201);
  return res.body.followUp;
}

function hook(path: string, body: unknown, headers: Record<string, string>) {
  return fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

const sign = (secret: string, raw: string) => 'sha256=' + createHmac('sha256', secret).update(raw).digest('hex');

beforeAll(async () => {
  github = await startGitHubStandIn();
  jira = await startJiraStandIn({ projectKey: 'OPS', authorization: JIRA_BASIC });
  server = await startTestServer(
    {},
    {
      GITHUB_API_URL: github.url,
      GITHUB_REPO: github.repo,
      GITHUB_TOKEN: github.token,
      GITHUB_WEBHOOK_SECRET: GITHUB_SECRET,
      JIRA_BASE_URL: jira.url,
      JIRA_EMAIL: 'bot@example.com',
      JIRA_API_TOKEN: 'atlassian-api-token',
      JIRA_PROJECT_KEY: 'OPS',
      JIRA_WEBHOOK_SECRET: JIRA_SECRET,
    },
  );
  incidentId = await declareIncident(server, 'Checkout errors');
});

afterAll(async () => {
  await server?.close();
  await github?.close();
  await jira?.close();
});

describe('GitHub Issues', () => {
  let exported: FollowUp;

  it('exports a follow-up as an issue and keeps its link; exporting again answers the same link', async () => {
    const f = await create('Add a circuit breaker to checkout');
    const res = await server.api('POST', `/api/follow-ups/${f.id}/export`, { tracker: 'github' });
    expect(res.status).toBe(202);
    exported = await until(() => followUp(f.id), (x) => x.tracker?.state !== 'exporting', 'the GitHub issue');
    expect(exported.tracker).toMatchObject({ kind: 'github', key: 'acme/ops#1', url: 'https://github.com/acme/ops/issues/1' });
    expect(github.violations).toEqual([]);
    expect(github.issues).toHaveLength(1);
    expect(github.issues[0]).toMatchObject({ title: 'Add a circuit breaker to checkout', labels: ['follow-up', 'p2'] });
    expect(github.issues[0]!.body).toContain(`/incidents/${incidentId}`);

    const again = await server.api('POST', `/api/follow-ups/${f.id}/export`, { tracker: 'github' });
    expect(again.status).toBe(200);
    expect(again.body.followUp.tracker.url).toBe('https://github.com/acme/ops/issues/1');
    expect(github.issues).toHaveLength(1);
  });

  it('a forged or unsigned webhook changes nothing and is audited', async () => {
    const raw = JSON.stringify({ action: 'closed', issue: { number: 1 }, repository: { full_name: 'acme/ops' } });
    const unsigned = await hook('/api/integrations/github/webhook', raw, { 'x-github-event': 'issues' });
    expect(unsigned.status).toBe(401);
    const forged = await hook('/api/integrations/github/webhook', raw, { 'x-github-event': 'issues', 'x-hub-signature-256': sign('not-the-secret', raw) });
    expect(forged.status).toBe(403);
    // Signed, but over other bytes than those sent.
    const tampered = await hook('/api/integrations/github/webhook', raw + ' ', { 'x-github-event': 'issues', 'x-hub-signature-256': sign(GITHUB_SECRET, raw) });
    expect(tampered.status).toBe(403);
    expect((await followUp(exported.id)).status).toBe('open');
    const audit = await server.api('GET', '/api/audit?action=github.webhook-refused');
    expect(audit.status).toBe(200);
    expect(audit.body.entries.length).toBeGreaterThanOrEqual(3);
  });

  it('closes the follow-up from the signed issues webhook, and reopens it', async () => {
    const closed = JSON.stringify({ action: 'closed', issue: { number: 1, state: 'closed' }, repository: { full_name: 'acme/ops' } });
    const res = await hook('/api/integrations/github/webhook', closed, { 'x-github-event': 'issues', 'x-hub-signature-256': sign(GITHUB_SECRET, closed) });
    expect(res.status).toBe(200);
    expect(await followUp(exported.id)).toMatchObject({ status: 'done', tracker: { state: 'closed' } });

    const reopened = JSON.stringify({ action: 'reopened', issue: { number: 1, state: 'open' }, repository: { full_name: 'acme/ops' } });
    await hook('/api/integrations/github/webhook', reopened, { 'x-github-event': 'issues', 'x-hub-signature-256': sign(GITHUB_SECRET, reopened) });
    expect(await followUp(exported.id)).toMatchObject({ status: 'open', tracker: { state: 'open' } });
  });

  it('ignores a signed event about an issue that is none of ours', async () => {
    const other = JSON.stringify({ action: 'closed', issue: { number: 99 }, repository: { full_name: 'acme/ops' } });
    const res = await hook('/api/integrations/github/webhook', other, { 'x-github-event': 'issues', 'x-hub-signature-256': sign(GITHUB_SECRET, other) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ changed: 0 });
  });
});

describe('Jira', () => {
  let exported: FollowUp;
  const updated = (key: string, category: string) =>
    JSON.stringify({ webhookEvent: 'jira:issue_updated', issue: { key, fields: { status: { name: category === 'done' ? 'Done' : 'In Progress', statusCategory: { key: category } } } } });

  it('exports a follow-up as a Jira issue (REST v2, Basic email:API token)', async () => {
    const f = await create('Alert on checkout latency');
    expect((await server.api('POST', `/api/follow-ups/${f.id}/export`, { tracker: 'jira' })).status).toBe(202);
    exported = await until(() => followUp(f.id), (x) => x.tracker?.state !== 'exporting', 'the Jira issue');
    expect(exported.tracker).toMatchObject({ kind: 'jira', key: 'OPS-1', url: `${jira.url}/browse/OPS-1` });
    expect(jira.violations).toEqual([]);
    expect(jira.issues[0]).toMatchObject({ summary: 'Alert on checkout latency', issueType: 'Task' });
  });

  it('a forged webhook changes nothing, whether signed (Cloud) or by query secret (Data Center)', async () => {
    const raw = updated('OPS-1', 'done');
    expect((await hook('/api/integrations/jira/webhook', raw, {})).status).toBe(401);
    expect((await hook('/api/integrations/jira/webhook', raw, { 'x-hub-signature': sign('wrong-secret', raw) })).status).toBe(403);
    expect((await hook('/api/integrations/jira/webhook?secret=wrong-secret', raw, {})).status).toBe(403);
    expect((await followUp(exported.id)).status).toBe('open');
    const audit = await server.api('GET', '/api/audit?action=jira.webhook-refused');
    expect(audit.body.entries.length).toBeGreaterThanOrEqual(3);
  });

  it('closes the follow-up when the issue moves to a Done status (Cloud signature)', async () => {
    const raw = updated('OPS-1', 'done');
    expect((await hook('/api/integrations/jira/webhook', raw, { 'x-hub-signature': sign(JIRA_SECRET, raw) })).status).toBe(200);
    expect(await followUp(exported.id)).toMatchObject({ status: 'done', tracker: { state: 'closed' } });
  });

  it('reopens it from a Data Center webhook carrying the shared secret', async () => {
    const raw = updated('OPS-1', 'indeterminate');
    expect((await hook(`/api/integrations/jira/webhook?secret=${JIRA_SECRET}`, raw, {})).status).toBe(200);
    expect((await followUp(exported.id)).status).toBe('open');
  });

  it('signs in to Data Center with a personal access token', () => {
    const settings = readJiraEnv({ JIRA_BASE_URL: 'https://jira.example.com', JIRA_PAT: 'data-center-pat', JIRA_PROJECT_KEY: 'OPS' });
    expect(settings?.authorization).toBe('Bearer data-center-pat');
  });
});

describe('when the tracker refuses', () => {
  it('a tracker that is not configured is refused before anything is written', async () => {
    const bare = await startTestServer();
    try {
      const id = await declareIncident(bare);
      const f = (await bare.api('POST', `/api/incidents/${id}/follow-ups`, { title: 'Write the runbook' })).body.followUp as FollowUp;
      const res = await bare.api('POST', `/api/follow-ups/${f.id}/export`, { tracker: 'github' });
      expect(res.status).toBe(503);
      expect((await bare.api('GET', `/api/incidents/${id}/follow-ups`)).body.followUps[0].tracker).toBeNull();
    } finally {
      await bare.close();
    }
  });
});
