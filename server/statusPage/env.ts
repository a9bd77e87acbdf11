/** The status page's settings (issue 21), validated at start; the page is off unless STATUS_PAGE says otherwise. */
import { z } from 'zod';
import { describeZodError } from '../../shared/commands.ts';
import { STATUS_PAGE_MODES } from '../../shared/statusPage.ts';
import type { StatusPageMode } from '../../shared/statusPage.ts';
import { ConfigError } from '../configError.ts';

const StatusPageEnv = z.object({
  /** public: anyone reads /status and subscribes; private: signed-in people and the API token only; off: no page. */
  STATUS_PAGE: z.enum(STATUS_PAGE_MODES, { error: () => `must be one of ${STATUS_PAGE_MODES.join(', ')}` }).default('off'),
  /** The page's name, in its header, its feed and Statuspage's `page.name`. */
  STATUS_PAGE_NAME: z.string().trim().min(1).max(80).default('Status'),
  /** Subscriptions one address may make per hour on a public page, so it cannot be used to mail strangers in bulk. */
  STATUS_PAGE_SUBSCRIBES_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(10),
});

export interface StatusPageSettings {
  mode: StatusPageMode;
  name: string;
  subscribesPerHour: number;
}

export function readStatusPageEnv(env: NodeJS.ProcessEnv): StatusPageSettings {
  const parsed = StatusPageEnv.safeParse(env);
  if (!parsed.success) throw new ConfigError(`Invalid configuration: ${describeZodError(parsed.error)}`);
  return { mode: parsed.data.STATUS_PAGE, name: parsed.data.STATUS_PAGE_NAME, subscribesPerHour: parsed.data.STATUS_PAGE_SUBSCRIBES_PER_HOUR };
}
