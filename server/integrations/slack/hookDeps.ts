/** What Slack's incoming requests are handled with, once verified. */
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.ts';
import type { Outbox } from '../../outbox/Outbox.ts';
import type { ChatDoor, ChatReply } from '../chat/ChatDoor.ts';
import type { ChatThreads } from '../chat/ChatThreads.ts';
import type { SeenRequests } from '../chat/SeenRequests.ts';
import type { SlackSettings } from './env.ts';
import { personTarget } from './outgoing.ts';
import type { SlackPeople } from './people.ts';
import { allowedResponseUrl } from './responseUrl.ts';

export interface HookDeps {
  settings: SlackSettings;
  door: ChatDoor;
  people: SlackPeople;
  threads: ChatThreads;
  seen: SeenRequests;
  outbox: Outbox;
  /** For lookups while Slack waits for the answer: short timeouts. */
  client: WebClient;
  now: () => number;
  logger: Logger;
}

/** Where to tell one person the outcome of what they did, seen by them alone. */
export interface Audience {
  workspace: string;
  user: string;
  channel: string;
  threadTs: string | null;
  responseUrl: string | undefined;
}

/** Through the outbox: the request was answered already, and Slack may be slow right now. */
export async function tellPerson(deps: HookDeps, to: Audience, reply: ChatReply): Promise<void> {
  await deps.outbox.enqueue({
    channel: 'slack',
    target: personTarget(to.workspace, to.user),
    incidentId: reply.incident?.id ?? null,
    eventType: null,
    payload: {
      kind: 'reply',
      channel: to.channel,
      user: to.user,
      threadTs: to.threadTs,
      responseUrl: allowedResponseUrl(to.responseUrl, deps.settings.apiUrl),
      reply,
    },
  });
}

export function formOf(raw: Buffer): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
}

/** The answer when the room itself failed: the person learns it, the details go to the log. */
export const SOMETHING_FAILED: ChatReply = {
  ok: false,
  text: 'Incident Room could not do that just now. Try again, or use the room.',
  incident: null,
  linkUrl: null,
};
