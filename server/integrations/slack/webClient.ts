/**
 * The official Web API client, set up for a door that must never wait on Slack: no retries of
 * its own (the outbox retries posts; a slash command cannot wait), rate-limited calls rejected
 * with their Retry-After instead of slept through, and every call bounded by `timeoutMs`.
 */
import { LogLevel, WebClient } from '@slack/web-api';
import type { Logger as SlackLogger } from '@slack/web-api';
import type { Logger } from '../../logger.ts';
import type { SlackSettings } from './env.ts';

export function slackClient(settings: SlackSettings, timeoutMs: number, logger: Logger): WebClient {
  return new WebClient(settings.botToken, {
    slackApiUrl: settings.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
    allowAbsoluteUrls: false,
    logger: quiet(logger),
  });
}

/** The client's own lines, at debug: what failed is logged by whoever handles the failure. */
function quiet(logger: Logger): SlackLogger {
  const debug = (...msg: unknown[]) => logger.debug({ slack: msg.map(String).join(' ') }, 'slack web api');
  return { debug, info: debug, warn: debug, error: debug, setLevel: () => {}, getLevel: () => LogLevel.DEBUG, setName: () => {} };
}
