/**
 * The Slack app (issue 14): `/incident`, buttons, the message shortcut and :pushpin: come in
 * through hooks.ts and the chat door; announcements go out through the outbox, delivered by
 * poster.ts. README "Slack" says how to create the app.
 */
import type { ChatIntegration, IntegrationDeps } from '../chat/ChatIntegration.ts';
import { slackAnnouncer } from './announcer.ts';
import type { SlackSettings } from './env.ts';
import { slackHooks } from './hooks.ts';
import { SlackPeople } from './people.ts';
import { slackPoster } from './poster.ts';
import { slackClient } from './webClient.ts';

/** Lookups made while Slack waits for an answer (three seconds, the command's reply included). */
const LOOKUP_TIMEOUT_MS = 1_500;

export function slackIntegration(settings: SlackSettings, deps: IntegrationDeps): ChatIntegration {
  const logger = deps.logger.child({ integration: 'slack' });
  const lookups = slackClient(settings, LOOKUP_TIMEOUT_MS, logger);
  // A delivery makes at most two calls (open or create, then post): both fit the outbox's lease.
  const callTimeoutMs = Math.max(1_000, Math.floor(deps.timeoutMs / 2));
  deps.outbox.register('slack', slackPoster({ settings, client: slackClient(settings, callTimeoutMs, logger), threads: deps.threads, timeoutMs: callTimeoutMs, now: deps.now }));
  const routes = slackHooks(
    {
      settings,
      door: deps.door,
      people: new SlackPeople(lookups, deps.identities, logger),
      threads: deps.threads,
      seen: deps.seen,
      outbox: deps.outbox,
      client: lookups,
      now: deps.now,
      logger,
    },
    deps.maxBodyBytes,
  );
  return { name: 'slack', routes, announce: slackAnnouncer(settings, deps) };
}
