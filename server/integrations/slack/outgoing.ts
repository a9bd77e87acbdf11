/**
 * The Slack outbox rows (channel 'slack'). Each holds what to say, not how: placement (the
 * incident's thread, its channel, or a new one) and Block Kit are decided when it is delivered,
 * from the settings and threads of that moment.
 */
import type { Announcement } from '../chat/announcements.ts';
import type { ChatReply } from '../chat/ChatDoor.ts';

export type SlackOutgoing =
  /** An incident's event, in its thread in SLACK_CHANNEL or in its own channel. */
  | { kind: 'post'; announcement: Announcement }
  /** In SLACK_CHANNEL, where the incident's own channel is. */
  | { kind: 'pointer'; announcement: Announcement }
  /** A private incident's event, to one member. */
  | { kind: 'dm'; user: string; announcement: Announcement }
  /** The outcome of a button, shortcut or pin, seen only by the person who asked. */
  | { kind: 'reply'; channel: string; user: string; threadTs: string | null; responseUrl: string | null; reply: ChatReply };

/** One target per incident keeps its posts in order, the thread's root first. */
export const incidentTarget = (incidentId: string) => `slack:incident:${incidentId}`;
export const personTarget = (workspace: string, user: string) => `slack:user:${workspace}:${user}`;
