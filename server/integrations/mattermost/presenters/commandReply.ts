/**
 * What the person who typed a command or pressed a button reads (issue 14): the door's answer
 * in Mattermost markdown, with the room's link, or for a guest the one-time link to their own
 * account. Only they see it (an ephemeral reply).
 */
import type { ChatReply } from '../../chat/ChatDoor.ts';
import { CHAT_LINK_TTL_MS } from '../../chat/ChatIdentities.ts';
import { mattermostLink, mattermostText } from './markdown.ts';

export function replyMarkdown(reply: ChatReply): string {
  const lines = [mattermostText(reply.text)];
  if (reply.incident) lines.push(mattermostLink(`Open ${reply.incident.id}: ${reply.incident.title}`, reply.incident.url));
  if (reply.linkUrl) {
    lines.push(`${mattermostLink('Link your Mattermost account', reply.linkUrl)} (works once, for ${Math.round(CHAT_LINK_TTL_MS / 60_000)} minutes)`);
  }
  return lines.join('\n');
}
