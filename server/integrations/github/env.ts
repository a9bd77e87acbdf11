/** GitHub Issues for follow-ups (issue 21), validated at start; off unless GITHUB_REPO is set. */
import { z } from 'zod';
import { describeZodError } from '../../../shared/commands.ts';
import { ConfigError } from '../../configError.ts';

const GitHubEnv = z.object({
  /** owner/name of the repository follow-ups are exported to. */
  GITHUB_REPO: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must be owner/name').optional(),
  /** A fine-grained token with Issues read and write on that repository. */
  GITHUB_TOKEN: z.string().min(8, 'must be a GitHub token').optional(),
  /** GitHub Enterprise Server's is https://HOST/api/v3; tests point it at a stand-in. */
  GITHUB_API_URL: z.url().default('https://api.github.com'),
  /** The repository webhook's secret: GitHub signs every delivery with it (X-Hub-Signature-256). */
  GITHUB_WEBHOOK_SECRET: z.string().min(8, 'must be at least 8 characters').optional(),
});

export interface GitHubSettings {
  repo: string;
  token: string;
  apiUrl: string;
  webhookSecret: string | null;
}

export function readGitHubEnv(env: NodeJS.ProcessEnv): GitHubSettings | null {
  const parsed = GitHubEnv.safeParse(env);
  if (!parsed.success) throw new ConfigError(`Invalid configuration: ${describeZodError(parsed.error)}`);
  const e = parsed.data;
  if (!e.GITHUB_REPO) return null;
  if (!e.GITHUB_TOKEN) throw new ConfigError('Invalid configuration: GITHUB_REPO turns GitHub Issues export on: set GITHUB_TOKEN too');
  return { repo: e.GITHUB_REPO, token: e.GITHUB_TOKEN, apiUrl: e.GITHUB_API_URL.replace(/\/+$/, ''), webhookSecret: e.GITHUB_WEBHOOK_SECRET ?? null };
}
