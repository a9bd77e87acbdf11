/** The postmortem's settings (issue 20), validated at start: the template teams start from. */
import fs from 'node:fs';
import { z } from 'zod';
import { describeZodError } from '../../shared/commands.ts';
import { ConfigError } from '../configError.ts';

const PostmortemEnv = z.object({
  /** A Markdown file whose `## ` headings are the postmortem's sections; the built-in outline when unset. */
  POSTMORTEM_TEMPLATE_FILE: z.string().trim().min(1).optional(),
});

/** An incident type's own `postmortemTemplate` comes before this one. */
export interface PostmortemSettings {
  template: string | null;
}

export function readPostmortemEnv(env: NodeJS.ProcessEnv): PostmortemSettings {
  const parsed = PostmortemEnv.safeParse(env);
  if (!parsed.success) throw new ConfigError(`Invalid configuration: ${describeZodError(parsed.error)}`);
  const file = parsed.data.POSTMORTEM_TEMPLATE_FILE;
  if (!file) return { template: null };
  let template: string;
  try {
    template = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`POSTMORTEM_TEMPLATE_FILE: cannot read ${file} (${(error as Error).message})`);
  }
  // The limit of an incident type's template (shared/incidentModel.ts).
  if (template.length > 20_000) throw new ConfigError(`POSTMORTEM_TEMPLATE_FILE: ${file} is longer than 20000 characters`);
  return { template };
}
