/**
 * Microsoft Teams (issue 14): announcements as Adaptive Cards through a Workflows incoming
 * webhook (TEAMS_WEBHOOK_URL). Posts only: a Workflows post cannot call the room back, so there
 * are no routes. `announce` runs inside the transaction that recorded the events and only
 * writes outbox rows, posted one at a time and in order (one target), retried while Teams is down
 * or throttling. The webhook posts into one shared channel: a private incident is never posted.
 */
import type { ChatIntegration, IntegrationDeps } from '../chat/ChatIntegration.ts';
import { operatorWebhook } from '../../outbox/operatorWebhook.ts';
import type { TeamsSettings } from './env.ts';
import { announcementCard } from './presenters/announcementCard.ts';

const TARGET = 'teams';

export function teamsIntegration(settings: TeamsSettings, deps: IntegrationDeps): ChatIntegration {
  const post = operatorWebhook(settings.webhookUrl, deps.timeoutMs, deps.now);
  deps.outbox.register('teams', (row) => post(row.payload));
  return {
    name: 'teams',
    routes: null,
    async announce(announcements, members) {
      if (members !== null) return;
      for (const a of announcements) {
        await deps.outbox.enqueue({ channel: 'teams', target: TARGET, incidentId: a.incident.id, eventType: a.eventType, payload: announcementCard(a) });
      }
    },
  };
}
