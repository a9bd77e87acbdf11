/**
 * Jira for follow-ups (issue 21), Cloud or Data Center (REST API v2), validated at start; off
 * unless JIRA_BASE_URL is set. Cloud signs in with an account's email and API token (Basic),
 * Data Center with a personal access token (Bearer).
 */
import { z } from 'zod';
import { describeZodError } from '../../../shared/commands.ts';
import { ConfigError } from '../../configError.ts';

const JiraEnv = z.object({
  /** https://your-site.atlassian.net, or the Data Center base URL (with its context path). */
  JIRA_BASE_URL: z.url().optional(),
  JIRA_EMAIL: z.string().min(3).optional(),
  JIRA_API_TOKEN: z.string().min(8, 'must be an Atlassian API token').optional(),
  JIRA_PAT: z.string().min(8, 'must be a personal access token').optional(),
  JIRA_PROJECT_KEY: z.string().regex(/^[A-Z][A-Z0-9_]{0,29}$/, 'must be a project key such as OPS').optional(),
  JIRA_ISSUE_TYPE: z.string().min(1).max(60).default('Task'),
  /** Verifies Jira's webhooks: the secret of a Cloud webhook (X-Hub-Signature), or `?secret=` on Data Center. */
  JIRA_WEBHOOK_SECRET: z.string().min(8, 'must be at least 8 characters').optional(),
});

export interface JiraSettings {
  baseUrl: string;
  /** The Authorization header's value. */
  authorization: string;
  projectKey: string;
  issueType: string;
  webhookSecret: string | null;
}

export function readJiraEnv(env: NodeJS.ProcessEnv): JiraSettings | null {
  const parsed = JiraEnv.safeParse(env);
  if (!parsed.success) throw new ConfigError(`Invalid configuration: ${describeZodError(parsed.error)}`);
  const e = parsed.data;
  if (!e.JIRA_BASE_URL) return null;
  if (!e.JIRA_PROJECT_KEY) throw new ConfigError('Invalid configuration: JIRA_BASE_URL turns Jira export on: set JIRA_PROJECT_KEY too');
  let authorization: string;
  if (e.JIRA_PAT) authorization = `Bearer ${e.JIRA_PAT}`;
  else if (e.JIRA_EMAIL && e.JIRA_API_TOKEN) authorization = `Basic ${Buffer.from(`${e.JIRA_EMAIL}:${e.JIRA_API_TOKEN}`).toString('base64')}`;
  else throw new ConfigError('Invalid configuration: Jira needs JIRA_EMAIL and JIRA_API_TOKEN (Cloud) or JIRA_PAT (Data Center)');
  return { baseUrl: e.JIRA_BASE_URL.replace(/\/+$/, ''), authorization, projectKey: e.JIRA_PROJECT_KEY, issueType: e.JIRA_ISSUE_TYPE, webhookSecret: e.JIRA_WEBHOOK_SECRET ?? null };
}
