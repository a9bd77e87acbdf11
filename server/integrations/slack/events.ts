/**
 * The Events API: the URL check, and a :pushpin: on a message in an incident's thread or channel,
 * which adds that message to the transcript as its author, at the time it was said. Slack sends an
 * event again when it saw no 200 within three seconds (X-Slack-Retry-Num); the event id makes each
 * count once: claimed before, marked done after, released on failure so the retry can do it.
 */
import type { Response } from 'express';
import type { z } from 'zod';
import { sendError } from '../../http/errors.ts';
import { tellPerson } from './hookDeps.ts';
import type { HookDeps } from './hookDeps.ts';
import { findMessage } from './messageLookup.ts';
import { EventCallback, ReactionAdded, UrlVerification } from './payloads.ts';
import { authorNameOf, timeOf, transcriptTextOf } from './pinnedMessage.ts';

export const PIN_REACTION = 'pushpin';

export async function onEvent(deps: HookDeps, raw: Buffer, res: Response): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return sendError(res, 'invalid', 'body must be JSON');
  }
  const check = UrlVerification.safeParse(body);
  if (check.success) {
    res.json({ challenge: check.data.challenge });
    return;
  }
  const envelope = EventCallback.safeParse(body);
  if (!envelope.success) {
    // Other envelopes (app_rate_limited) need only the 200.
    res.status(200).end();
    return;
  }
  const { event_id: eventId } = envelope.data;
  if (!(await deps.seen.claim('slack', eventId, deps.now()))) {
    res.status(200).end();
    return;
  }
  try {
    await onCallback(deps, envelope.data);
  } catch (error) {
    await deps.seen.release('slack', eventId);
    deps.logger.warn({ err: error, eventId }, 'a Slack event failed; Slack will send it again');
    res.status(500).end();
    return;
  }
  await deps.seen.done('slack', eventId, deps.now());
  res.status(200).end();
}

async function onCallback(deps: HookDeps, envelope: z.infer<typeof EventCallback>): Promise<void> {
  const reaction = ReactionAdded.safeParse(envelope.event);
  if (!reaction.success) return;
  const { reaction: emoji, item, user: reactor } = reaction.data;
  if (emoji !== PIN_REACTION || item.type !== 'message' || !item.channel || !item.ts) return;
  const message = await findMessage(deps.client, item.channel, item.ts, deps.logger);
  const text = message && transcriptTextOf(message);
  if (!message?.user || !text) return;
  const place = { channel: item.channel, thread: message.thread_ts ?? null };
  // People pin messages for many reasons: outside an incident's thread or channel, say nothing.
  if (!(await deps.threads.incidentAt('slack', place))) return;
  const author = await deps.people.chatUser(envelope.team_id, message.user, authorNameOf(message));
  const reply = await deps.door.pin(author, place, text, timeOf(message.ts));
  // The entry is in; a lost confirmation must not make Slack's retry add it twice.
  await tellPerson(deps, { workspace: envelope.team_id, user: reactor, channel: item.channel, threadTs: place.thread, responseUrl: undefined }, reply).catch(
    (error: unknown) => deps.logger.warn({ err: error }, 'could not confirm a pinned message'),
  );
}
