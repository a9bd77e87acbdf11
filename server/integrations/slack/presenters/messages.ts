/**
 * What the bot says, as Block Kit: announcements of an incident's events, replies to a person,
 * and the pointer to an incident's own channel. All text from people is escaped here.
 */
import type { Announcement } from '../../chat/announcements.ts';
import type { ChatReply } from '../../chat/ChatDoor.ts';
import { section } from './blocks.ts';
import type { Block, SlackMessage } from './blocks.ts';
import { buttonOf } from './buttons.ts';
import { chunks, slackEscape, slackLink } from './mrkdwn.ts';

/** Slack truncates a message's text beyond 40,000 characters; ours stay far below. */
const TEXT_MAX = 4000;

const clip = (text: string) => (text.length > TEXT_MAX ? `${text.slice(0, TEXT_MAX - 1)}…` : text);

/**
 * An announcement. `standalone`: read outside the incident's thread or channel (a direct message,
 * or a thread's first post that is not the declaration), so it says which incident it is about.
 */
export function announcementMessage(a: Announcement, standalone: boolean): SlackMessage {
  const { incident } = a;
  const about = standalone && !a.opensThread;
  const line = slackEscape(a.text);
  const headline = about ? `${slackLink(incident.url, `${incident.severity} ${incident.title}`)}\n` : '';
  const blocks: Block[] = chunks(headline + line).map(section);
  if (a.detail) blocks.push(...chunks(slackEscape(a.detail)).map(section));
  if (a.buttons.length > 0) blocks.push({ type: 'actions', elements: a.buttons.map((b) => buttonOf(b, incident)) });
  const text = about ? `${slackEscape(`${incident.severity} ${incident.title}`)}: ${line}` : line;
  return { text: clip(text), blocks };
}

/** A reply to one person: the door's words, the room's link, or the link to connect their account. */
export function replyMessage(reply: ChatReply): SlackMessage {
  const parts = [slackEscape(reply.text)];
  if (reply.incident) parts.push(slackLink(reply.incident.url, 'Open the room'));
  if (reply.linkUrl) parts.push(slackLink(reply.linkUrl, 'Link your Slack account'));
  const text = parts.join('\n');
  return { text: clip(text), blocks: chunks(text).map(section) };
}

/** In the announcement channel, when each incident has a channel of its own: where it is discussed. */
export function pointerMessage(a: Announcement, channelId: string): SlackMessage {
  const text = `${slackEscape(a.text)}: discussed in <#${slackEscape(channelId)}>`;
  return { text, blocks: [section(text), { type: 'actions', elements: [buttonOf({ action: 'open' }, a.incident)] }] };
}
