/**
 * Delivers the Slack outbox rows (DESIGN "one durable outbox, out"). Runs outside any
 * transaction, one row per target at a time. The first post about an incident starts its thread
 * in SLACK_CHANNEL (recorded once chat.postMessage answers with its ts), or creates its channel
 * with SLACK_CHANNEL_PER_INCIDENT; every later post goes there.
 */
import type { WebClient } from '@slack/web-api';
import type { DeliveryResult, Sender } from '../../outbox/Outbox.ts';
import type { ChatThreads } from '../chat/ChatThreads.ts';
import type { Announcement } from '../chat/announcements.ts';
import type { SlackSettings } from './env.ts';
import { failureOf } from './deliveryResult.ts';
import type { SlackOutgoing } from './outgoing.ts';
import { channelNameOf } from './presenters/channelName.ts';
import { announcementMessage, pointerMessage, replyMessage } from './presenters/messages.ts';
import type { SlackMessage } from './presenters/blocks.ts';
import { allowedResponseUrl, postToResponseUrl } from './responseUrl.ts';

const DELIVERED: DeliveryResult = { outcome: 'delivered', status: 200 };

export interface PosterDeps {
  settings: SlackSettings;
  client: WebClient;
  threads: ChatThreads;
  timeoutMs: number;
  now: () => number;
}

export function slackPoster(deps: PosterDeps): Sender {
  const { client, threads, settings } = deps;
  const post = (channel: string, message: SlackMessage, threadTs: string | null = null) =>
    client.chat.postMessage({ channel, ...message, ...(threadTs ? { thread_ts: threadTs } : {}), unfurl_links: false, unfurl_media: false });

  async function incidentPost(a: Announcement): Promise<DeliveryResult> {
    const { id, title } = a.incident;
    const place = await threads.of('slack', id);
    if (place) {
      await post(place.channel, announcementMessage(a, false), place.thread);
      return DELIVERED;
    }
    if (settings.channelPerIncident) {
      const created = await client.conversations.create({ name: channelNameOf(id, title), is_private: false });
      const own = await threads.record('slack', id, { channel: created.channel!.id!, thread: null }, deps.now());
      await post(own.channel, announcementMessage(a, true), own.thread);
      return DELIVERED;
    }
    if (!settings.channel) return { outcome: 'give-up', status: null, error: 'SLACK_CHANNEL is not set' };
    const root = await post(settings.channel, announcementMessage(a, true));
    await threads.record('slack', id, { channel: root.channel!, thread: root.ts! }, deps.now());
    return DELIVERED;
  }

  async function pointer(a: Announcement): Promise<DeliveryResult> {
    const place = await threads.of('slack', a.incident.id);
    if (!settings.channel || !place || place.thread !== null) return { outcome: 'give-up', status: null, error: 'the incident has no channel of its own to point at' };
    await post(settings.channel, pointerMessage(a, place.channel));
    return DELIVERED;
  }

  async function directMessage(user: string, a: Announcement): Promise<DeliveryResult> {
    const opened = await client.conversations.open({ users: user });
    await post(opened.channel!.id!, announcementMessage(a, true));
    return DELIVERED;
  }

  async function reply(r: Extract<SlackOutgoing, { kind: 'reply' }>): Promise<DeliveryResult> {
    const message = replyMessage(r.reply);
    const responseUrl = allowedResponseUrl(r.responseUrl ?? undefined, settings.apiUrl);
    if (responseUrl) return postToResponseUrl(responseUrl, message, deps.timeoutMs, deps.now);
    await client.chat.postEphemeral({ channel: r.channel, user: r.user, ...message, ...(r.threadTs ? { thread_ts: r.threadTs } : {}) });
    return DELIVERED;
  }

  return async (row) => {
    const out = row.payload as SlackOutgoing;
    try {
      switch (out.kind) {
        case 'post':
          return await incidentPost(out.announcement);
        case 'pointer':
          return await pointer(out.announcement);
        case 'dm':
          return await directMessage(out.user, out.announcement);
        case 'reply':
          return await reply(out);
        default:
          return { outcome: 'give-up', status: null, error: `unknown Slack message kind ${String((out as { kind?: unknown }).kind)}` };
      }
    } catch (error) {
      return failureOf(error);
    }
  };
}
