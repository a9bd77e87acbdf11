/**
 * The shape every issue tracker has (issue 21; one folder per outside system): how a follow-up
 * becomes the tracker's documented create-issue request, what its answer means, and how its
 * webhook is verified and read. Adding GitLab means filling in this shape.
 */
import type { Request } from 'express';
import type { FollowUp, TrackerKind } from '../../shared/followUps.ts';
import type { HookVerdict } from './hubSignature.ts';

export interface IssueRequest {
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** What a verified webhook says about one issue; null for events that change no follow-up. */
export interface IssueChange {
  key: string;
  closed: boolean;
}

export interface Tracker {
  kind: TrackerKind;
  newIssue(followUp: FollowUp, incidentUrl: string): IssueRequest;
  /** The issue a 201 answer describes; null when the answer is not the documented shape. */
  created(body: unknown): { key: string; url: string } | null;
  /** Checks the sender as the tracker documents, before anything is read from the body. */
  verify(req: Request, raw: Buffer): HookVerdict;
  /** Reads a verified delivery. */
  change(req: Request, body: unknown): IssueChange | null;
}

/** The text of an exported issue: enough to act on without opening the room. */
export function issueText(f: FollowUp, incidentUrl: string): string {
  return [
    `Follow-up of incident ${f.incidentId} (${f.incidentTitle}): ${incidentUrl}`,
    '',
    `Priority: ${f.priority.toUpperCase()}`,
    f.dueDate ? `Due: ${f.dueDate}` : null,
    f.service ? `Service: ${f.service}` : null,
  ]
    .filter((line) => line !== null)
    .join('\n');
}
