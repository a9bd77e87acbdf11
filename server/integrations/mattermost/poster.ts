/**
 * Announcements into Mattermost through the incoming webhook (issue 14). `announce` runs inside
 * the transaction that recorded the events, so it only writes outbox rows; the outbox posts them
 * one at a time, in order (one target), retrying while Mattermost is down or limiting.
 *
 * An incoming webhook posts into one shared channel and cannot send a direct message to a
 * member, so a private incident is never posted at all.
 */
import type { Outbox } from '../../outbox/Outbox.ts';
import type { ChatIntegration } from '../chat/ChatIntegration.ts';
import type { WebhookPost } from '../../outbox/operatorWebhook.ts';
import { announcementPost } from './presenters/announcementPost.ts';
import type { PostButtons } from './presenters/announcementPost.ts';

const TARGET = 'mattermost';

export function mattermostPoster(outbox: Outbox, post: WebhookPost | null, buttons: PostButtons | null): ChatIntegration['announce'] {
  // Rows written while a webhook was set are still answered when it is taken away: given up.
  outbox.register('mattermost', async (row) => (post ? post(row.payload) : { outcome: 'give-up', status: null, error: 'MATTERMOST_WEBHOOK_URL is not set' }));
  return async (announcements, members) => {
    if (!post || members !== null) return;
    for (const a of announcements) {
      await outbox.enqueue({ channel: 'mattermost', target: TARGET, incidentId: a.incident.id, eventType: a.eventType, payload: announcementPost(a, buttons) });
    }
  };
}
