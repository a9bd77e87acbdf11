/** Microsoft Teams' settings (issue 14): a Workflows incoming webhook that takes Adaptive Cards. */
import { z } from 'zod';
import { describeZodError } from '../../../shared/commands.ts';
import { ConfigError } from '../../configError.ts';

const TeamsEnv = z.object({
  /** The URL of a Teams Workflows "post to a channel when a webhook request is received" flow. */
  TEAMS_WEBHOOK_URL: z.url().optional(),
});

export interface TeamsSettings {
  webhookUrl: string;
}

export function readTeamsEnv(env: NodeJS.ProcessEnv): TeamsSettings | null {
  const parsed = TeamsEnv.safeParse(env);
  if (!parsed.success) throw new ConfigError(`Invalid configuration: ${describeZodError(parsed.error)}`);
  return parsed.data.TEAMS_WEBHOOK_URL ? { webhookUrl: parsed.data.TEAMS_WEBHOOK_URL } : null;
}
