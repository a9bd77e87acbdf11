/** The Slack app's settings (issue 14), validated at start; the app is off unless SLACK_SIGNING_SECRET is set. */
import { z } from 'zod';
import { describeZodError } from '../../../shared/commands.ts';
import { ConfigError } from '../../configError.ts';

const SlackEnv = z.object({
  /** Verifies every request from Slack (Basic Information → App Credentials → Signing Secret). */
  SLACK_SIGNING_SECRET: z.string().min(8, 'must be the app’s signing secret').optional(),
  /** The bot's token (xoxb-…), for posting and reading messages. */
  SLACK_BOT_TOKEN: z.string().min(8, 'must be the bot token (xoxb-…)').optional(),
  /** Channel id (C…) where incidents are announced, each in a thread of its own. */
  SLACK_CHANNEL: z.string().min(1).optional(),
  /** Where the Web API is (tests and proxies point it elsewhere). */
  SLACK_API_URL: z.url().default('https://slack.com/api/'),
  /** A channel per incident (conversations.create) instead of a thread in SLACK_CHANNEL. */
  SLACK_CHANNEL_PER_INCIDENT: z.enum(['true', 'false']).default('false'),
});

export interface SlackSettings {
  signingSecret: string;
  botToken: string;
  channel: string | null;
  apiUrl: string;
  channelPerIncident: boolean;
}

export function readSlackEnv(env: NodeJS.ProcessEnv): SlackSettings | null {
  const parsed = SlackEnv.safeParse(env);
  if (!parsed.success) throw new ConfigError(`Invalid configuration: ${describeZodError(parsed.error)}`);
  const e = parsed.data;
  if (!e.SLACK_SIGNING_SECRET) return null;
  if (!e.SLACK_BOT_TOKEN) throw new ConfigError('Invalid configuration: SLACK_SIGNING_SECRET turns the Slack app on: set SLACK_BOT_TOKEN too');
  return {
    signingSecret: e.SLACK_SIGNING_SECRET,
    botToken: e.SLACK_BOT_TOKEN,
    channel: e.SLACK_CHANNEL ?? null,
    apiUrl: e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`,
    channelPerIncident: e.SLACK_CHANNEL_PER_INCIDENT === 'true',
  };
}
