/**
 * Jira (Cloud and Data Center, REST API v2) as a follow-up tracker (issue 21). Creating:
 * `POST /rest/api/2/issue` with `fields` (project key, summary, description, issue type), answered
 * 201 with `id`, `key` and `self`. Syncing: `jira:issue_updated` webhooks; an issue whose status
 * is in the Done category makes the follow-up done, any other status opens it again.
 *
 * Verifying: a Jira Cloud webhook made with a secret signs each delivery as X-Hub-Signature
 * (`sha256=` and the hex HMAC-SHA256 of the raw body). Data Center's webhooks cannot sign, so
 * there the webhook's URL carries the secret as `?secret=`, compared in constant time; the URL
 * is then a credential (keep it out of shared screens; rotate JIRA_WEBHOOK_SECRET if it leaks).
 */
import type { Tracker } from '../../followUps/Tracker.ts';
import { issueText } from '../../followUps/Tracker.ts';
import { sameSecret, verifyHubSignature } from '../../followUps/hubSignature.ts';
import type { JiraSettings } from './env.ts';

export function jiraTracker(settings: JiraSettings): Tracker {
  return {
    kind: 'jira',
    newIssue: (f, incidentUrl) => ({
      url: `${settings.baseUrl}/rest/api/2/issue`,
      headers: { authorization: settings.authorization, accept: 'application/json' },
      body: {
        fields: {
          project: { key: settings.projectKey },
          summary: f.title,
          description: issueText(f, incidentUrl),
          issuetype: { name: settings.issueType },
          labels: ['follow-up'],
        },
      },
    }),
    created: (body) => {
      const b = body as { key?: unknown } | null;
      if (typeof b?.key !== 'string' || !/^[A-Z][A-Z0-9_]*-\d+$/.test(b.key)) return null;
      return { key: b.key, url: `${settings.baseUrl}/browse/${b.key}` };
    },
    verify: (req, raw) => {
      const secret = settings.webhookSecret;
      if (secret === null) return { ok: false, why: 'missing' };
      if (req.headers['x-hub-signature'] !== undefined) return verifyHubSignature(secret, req.headers['x-hub-signature'], raw);
      const given = req.query.secret;
      if (given === undefined) return { ok: false, why: 'missing' };
      if (typeof given !== 'string') return { ok: false, why: 'malformed' };
      return sameSecret(secret, given) ? { ok: true } : { ok: false, why: 'forged' };
    },
    change: (_req, body) => {
      const b = body as { webhookEvent?: unknown; issue?: { key?: unknown; fields?: { status?: { statusCategory?: { key?: unknown } } } } } | null;
      if (b?.webhookEvent !== 'jira:issue_updated' || typeof b.issue?.key !== 'string') return null;
      const category = b.issue.fields?.status?.statusCategory?.key;
      if (typeof category !== 'string') return null;
      return { key: b.issue.key, closed: category === 'done' };
    },
  };
}
