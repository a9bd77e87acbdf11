/**
 * Who a Slack user is, for the door: their names and, with the users:read.email scope, the email
 * Slack verified, which matches them to an account. A person the room knows already is not looked
 * up again; a lookup that fails leaves the name Slack sent with the request, and no email.
 */
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.ts';
import type { ChatIdentities } from '../chat/ChatIdentities.ts';
import type { ChatUser } from '../chat/chatTypes.ts';
import { UserInfo } from './payloads.ts';

export class SlackPeople {
  constructor(
    private readonly client: WebClient,
    private readonly identities: ChatIdentities,
    private readonly logger: Logger,
  ) {}

  async chatUser(workspace: string, id: string, knownName: string | undefined): Promise<ChatUser> {
    const sent: ChatUser = { tool: 'slack', workspace, id, name: knownName || id, email: null };
    if (await this.identities.known(sent)) return sent;
    try {
      const { user } = UserInfo.parse(await this.client.users.info({ user: id }));
      const name = user.real_name || user.profile?.real_name || user.profile?.display_name || knownName || user.name || id;
      return { ...sent, name, email: user.profile?.email || null };
    } catch (error) {
      this.logger.info({ err: error, slackUser: id }, 'could not look up a Slack user; going on with the name Slack sent');
      return sent;
    }
  }
}
