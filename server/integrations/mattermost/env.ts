/** Mattermost's settings (issue 14): the slash command's token and the incoming webhook for posts. */
import { z } from 'zod';
import { describeZodError } from '../../../shared/commands.ts';
import { ConfigError } from '../../configError.ts';

const MattermostEnv = z.object({
  /** The token Mattermost sends with the /incident slash command (Integrations → Slash Commands). */
  MATTERMOST_COMMAND_TOKEN: z.string().min(8, 'must be the slash command’s token').optional(),
  /** An incoming webhook URL: announcements are posted there. */
  MATTERMOST_WEBHOOK_URL: z.url().optional(),
});

export interface MattermostSettings {
  /** Null: no slash command, posts only. */
  commandToken: string | null;
  /** Null: slash command only, no posts. */
  webhookUrl: string | null;
}

export function readMattermostEnv(env: NodeJS.ProcessEnv): MattermostSettings | null {
  const parsed = MattermostEnv.safeParse(env);
  if (!parsed.success) throw new ConfigError(`Invalid configuration: ${describeZodError(parsed.error)}`);
  const e = parsed.data;
  if (!e.MATTERMOST_COMMAND_TOKEN && !e.MATTERMOST_WEBHOOK_URL) return null;
  return { commandToken: e.MATTERMOST_COMMAND_TOKEN ?? null, webhookUrl: e.MATTERMOST_WEBHOOK_URL ?? null };
}
