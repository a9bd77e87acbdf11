/** The trackers follow-ups export to (issue 21), each read by its own folder; either may be off. */
import { readGitHubEnv } from '../integrations/github/env.ts';
import type { GitHubSettings } from '../integrations/github/env.ts';
import { readJiraEnv } from '../integrations/jira/env.ts';
import type { JiraSettings } from '../integrations/jira/env.ts';

export interface TrackerSettings {
  github: GitHubSettings | null;
  jira: JiraSettings | null;
}

export function readTrackerEnv(env: NodeJS.ProcessEnv): TrackerSettings {
  return { github: readGitHubEnv(env), jira: readJiraEnv(env) };
}
