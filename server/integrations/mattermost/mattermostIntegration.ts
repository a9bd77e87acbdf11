/**
 * Mattermost (issue 14): the /incident slash command and message buttons in (hooks.ts, on when
 * MATTERMOST_COMMAND_TOKEN is set), announcements out through an incoming webhook (poster.ts,
 * on when MATTERMOST_WEBHOOK_URL is set).
 */
import type { ChatIntegration, IntegrationDeps } from '../chat/ChatIntegration.ts';
import { ButtonSigner } from './buttonSignature.ts';
import type { MattermostSettings } from './env.ts';
import { mattermostHooks } from './hooks.ts';
import { operatorWebhook } from '../../outbox/operatorWebhook.ts';
import { mattermostPoster } from './poster.ts';

const MATTERMOST_ACTIONS_PATH = '/api/integrations/mattermost/actions';

export function mattermostIntegration(settings: MattermostSettings, deps: IntegrationDeps): ChatIntegration {
  const signer = settings.commandToken ? new ButtonSigner(settings.commandToken) : null;
  const post = settings.webhookUrl ? operatorWebhook(settings.webhookUrl, deps.timeoutMs, deps.now) : null;
  return {
    name: 'mattermost',
    routes:
      settings.commandToken && signer
        ? mattermostHooks({ door: deps.door, commandToken: settings.commandToken, signer, maxBodyBytes: deps.maxBodyBytes })
        : null,
    announce: mattermostPoster(deps.outbox, post, signer ? { signer, url: deps.publicUrl + MATTERMOST_ACTIONS_PATH } : null),
  };
}
