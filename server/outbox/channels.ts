/**
 * Every kind of message that leaves the server through the outbox (issue 14). A channel is a
 * sender registered with the Outbox plus its name here, which is also its `channel` label in the
 * outgoing-delivery metrics; chat, email and SMS add theirs the same way.
 */
export const OUTBOX_CHANNELS = ['page-webhook', 'page-slack', 'event-webhook', 'slack', 'mattermost', 'teams', 'email', 'sms', 'voice', 'status-email', 'status-webhook', 'tracker-issue'] as const;
export type OutboxChannel = (typeof OUTBOX_CHANNELS)[number];
