/**
 * Delivers the outbox rows that create tracker issues (DESIGN "one durable outbox, out"): the
 * follow-up is read afresh, sent as the tracker documents, and the issue's key and address are
 * stored from the 201. Rate limits, outages and timeouts are retried with the outbox's backoff;
 * any other refusal is final and shown on the follow-up, which can then be exported again.
 *
 * At least once, as the outbox is: a tracker that created the issue but whose answer was lost
 * gets the request again. The follow-up's row lock keeps one export in flight per follow-up.
 */
import type { TrackerKind } from '../../shared/followUps.ts';
import type { DeliveryResult, Sender } from '../outbox/Outbox.ts';
import { retryAfterMs } from '../outbox/httpPost.ts';
import type { FollowUps } from './FollowUps.ts';
import type { Tracker } from './Tracker.ts';

export interface TrackerIssueMessage {
  followUpId: string;
  kind: TrackerKind;
}

/** Said in place of a private incident's title, which stays inside the room (issue 13). */
const PRIVATE_TITLE = 'a private incident';

export interface TrackerSenderDeps {
  followUps: FollowUps;
  trackers: ReadonlyMap<TrackerKind, Tracker>;
  incidentUrl: (incidentId: string) => string;
  timeoutMs: number;
  now: () => number;
}

export function trackerSender(deps: TrackerSenderDeps): Sender {
  return async (row) => {
    const message = row.payload as TrackerIssueMessage;
    const tracker = deps.trackers.get(message.kind);
    const stored = await deps.followUps.get(message.followUpId, '');
    if (!tracker || !stored) return { outcome: 'give-up', status: null, error: `${message.kind} is not configured, or the follow-up is gone` };
    const followUp = stored.private ? { ...stored.followUp, incidentTitle: PRIVATE_TITLE } : stored.followUp;
    const request = tracker.newIssue(followUp, deps.incidentUrl(followUp.incidentId));
    let result: Extract<DeliveryResult, { outcome: 'give-up' }>;
    try {
      const res = await fetch(request.url, {
        method: 'POST',
        headers: { ...request.headers, 'content-type': 'application/json' },
        body: JSON.stringify(request.body),
        signal: AbortSignal.timeout(deps.timeoutMs),
        redirect: 'error',
      });
      const text = await res.text();
      if (res.status === 201) {
        let issue: { key: string; url: string } | null = null;
        try {
          issue = tracker.created(JSON.parse(text));
        } catch {
          // Not JSON: refused below like any other answer off the documented shape.
        }
        if (issue) {
          await deps.followUps.exported(followUp.id, issue.key, issue.url, deps.now());
          return { outcome: 'delivered', status: 201 };
        }
        result = { outcome: 'give-up', status: 201, error: `${message.kind} answered 201 without the issue it made` };
      } else if (res.status === 429 || res.status >= 500 || (res.status === 403 && res.headers.get('retry-after') !== null)) {
        // GitHub's secondary rate limits answer 403 with Retry-After.
        const ms = retryAfterMs(res.headers.get('retry-after') ?? undefined, deps.now());
        return { outcome: 'retry', status: res.status, error: `HTTP ${res.status}`, ...(ms === undefined ? {} : { retryAfterMs: ms }) };
      } else {
        result = { outcome: 'give-up', status: res.status, error: `${message.kind} refused the issue: HTTP ${res.status} ${text.slice(0, 200)}` };
      }
    } catch (error) {
      return { outcome: 'retry', status: null, error: (error as Error).message };
    }
    await deps.followUps.exportFailed(followUp.id, result.error, deps.now());
    return result;
  };
}
