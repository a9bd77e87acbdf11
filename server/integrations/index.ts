/** The chat integrations that are configured (issue 14), each from its own folder. */
import type { Config } from '../config.ts';
import type { ChatIntegration, IntegrationDeps } from './chat/ChatIntegration.ts';

/** Each tool's code (the Slack SDK is a quarter of a second to load) is loaded only when it is configured. */
export async function configuredIntegrations(settings: Config['integrations'], deps: IntegrationDeps): Promise<ChatIntegration[]> {
  const on: ChatIntegration[] = [];
  if (settings.slack) on.push((await import('./slack/slackIntegration.ts')).slackIntegration(settings.slack, deps));
  if (settings.mattermost) on.push((await import('./mattermost/mattermostIntegration.ts')).mattermostIntegration(settings.mattermost, deps));
  if (settings.teams) on.push((await import('./teams/teamsIntegration.ts')).teamsIntegration(settings.teams, deps));
  return on;
}
