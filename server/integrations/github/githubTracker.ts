/**
 * GitHub Issues as a follow-up tracker (issue 21). Creating: `POST /repos/{owner}/{repo}/issues`
 * with a Bearer token and the REST API's version header, answered 201 with the issue's `number`
 * and `html_url`. Syncing: the repository webhook's `issues` event, signed with its secret as
 * X-Hub-Signature-256; `closed` makes the follow-up done, `reopened` opens it again.
 */
import type { Request } from 'express';
import type { Tracker } from '../../followUps/Tracker.ts';
import { issueText } from '../../followUps/Tracker.ts';
import { verifyHubSignature } from '../../followUps/hubSignature.ts';
import type { GitHubSettings } from './env.ts';

export const GITHUB_API_VERSION = '2022-11-28';

export function githubTracker(settings: GitHubSettings): Tracker {
  return {
    kind: 'github',
    newIssue: (f, incidentUrl) => ({
      url: `${settings.apiUrl}/repos/${settings.repo}/issues`,
      headers: {
        authorization: `Bearer ${settings.token}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': GITHUB_API_VERSION,
        'user-agent': 'incident-room',
      },
      body: { title: f.title, body: issueText(f, incidentUrl), labels: ['follow-up', f.priority] },
    }),
    created: (body) => {
      const b = body as { number?: unknown; html_url?: unknown } | null;
      if (typeof b?.number !== 'number' || typeof b.html_url !== 'string') return null;
      return { key: `${settings.repo}#${b.number}`, url: b.html_url };
    },
    verify: (req: Request, raw) =>
      settings.webhookSecret === null ? { ok: false, why: 'missing' } : verifyHubSignature(settings.webhookSecret, req.headers['x-hub-signature-256'], raw),
    change: (req, body) => {
      if (req.headers['x-github-event'] !== 'issues') return null;
      const b = body as { action?: unknown; issue?: { number?: unknown }; repository?: { full_name?: unknown } } | null;
      if (b?.action !== 'closed' && b?.action !== 'reopened') return null;
      if (typeof b.issue?.number !== 'number' || typeof b.repository?.full_name !== 'string') return null;
      return { key: `${b.repository.full_name}#${b.issue.number}`, closed: b.action === 'closed' };
    },
  };
}
