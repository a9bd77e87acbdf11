/** The chat integrations that are configured (issue 14), each from its own folder. */
import type { Config } from '../config.ts';
import type { ChatIntegration, IntegrationDeps } from './chat/ChatIntegration.ts';
import { slackIntegration } from './slack/slackIntegration.ts';
import { mattermostIntegration } from './mattermost/mattermostIntegration.ts';
import { teamsIntegration } from './teams/teamsIntegration.ts';

export function configuredIntegrations(settings: Config['integrations'], deps: IntegrationDeps): ChatIntegration[] {
  const on: ChatIntegration[] = [];
  if (settings.slack) on.push(slackIntegration(settings.slack, deps));
  if (settings.mattermost) on.push(mattermostIntegration(settings.mattermost, deps));
  if (settings.teams) on.push(teamsIntegration(settings.teams, deps));
  return on;
}
