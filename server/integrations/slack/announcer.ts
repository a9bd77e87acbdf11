/**
 * Turns an incident's announcements into Slack outbox rows, inside the transaction that recorded
 * the events: rows only, never a call to Slack, so a slow or failing Slack delays posts and never
 * a command. A private incident is told only to its members with a linked Slack account, each by
 * direct message (DESIGN "private means private at every door"); a guest account proves nothing
 * about who reads a DM, so guests are not among them.
 */
import type { Outbox } from '../../outbox/Outbox.ts';
import type { Announcement } from '../chat/announcements.ts';
import type { ChatIdentities } from '../chat/ChatIdentities.ts';
import type { SlackSettings } from './env.ts';
import { incidentTarget, personTarget } from './outgoing.ts';
import type { SlackOutgoing } from './outgoing.ts';

export function slackAnnouncer(settings: SlackSettings, deps: { outbox: Outbox; identities: ChatIdentities }) {
  const enqueue = (target: string, a: Announcement, payload: SlackOutgoing) =>
    deps.outbox.enqueue({ channel: 'slack', target, incidentId: a.incident.id, eventType: a.eventType, payload });

  return async (announcements: readonly Announcement[], members: readonly string[] | null): Promise<void> => {
    if (announcements.length === 0) return;
    if (members !== null || announcements.some((a) => a.incident.private)) {
      const recipients = await deps.identities.chatUsersOf('slack', members ?? []);
      for (const a of announcements) {
        for (const r of recipients) await enqueue(personTarget(r.workspace, r.chatUser), a, { kind: 'dm', user: r.chatUser, announcement: a });
      }
      return;
    }
    if (!settings.channel && !settings.channelPerIncident) return;
    for (const a of announcements) {
      const target = incidentTarget(a.incident.id);
      await enqueue(target, a, { kind: 'post', announcement: a });
      // Behind the post that creates the channel, on the same target: the channel exists by then.
      if (a.opensThread && settings.channelPerIncident && settings.channel) await enqueue(target, a, { kind: 'pointer', announcement: a });
    }
  };
}
