/**
 * `/incident …` (issue 14): answered within Slack's three seconds with a reply only the person
 * sees. The people lookup is bounded well inside that; the command runs as their account.
 */
import type { Response } from 'express';
import { sendError } from '../../http/errors.ts';
import { describeZodError } from '../../../shared/commands.ts';
import type { ChatReply } from '../chat/ChatDoor.ts';
import { formOf, SOMETHING_FAILED } from './hookDeps.ts';
import type { HookDeps } from './hookDeps.ts';
import { SlashCommand } from './payloads.ts';
import { replyMessage } from './presenters/messages.ts';
import { plainTextOf } from './presenters/mrkdwn.ts';

export async function onSlashCommand(deps: HookDeps, raw: Buffer, res: Response): Promise<void> {
  const form = SlashCommand.safeParse(formOf(raw));
  if (!form.success) return sendError(res, 'invalid', describeZodError(form.error));
  const c = form.data;
  let reply: ChatReply;
  try {
    const user = await deps.people.chatUser(c.team_id, c.user_id, c.user_name);
    // Slack escapes what was typed as it does all message text: read back, the title is as typed.
    reply = await deps.door.run(user, { channel: c.channel_id, thread: null }, deps.door.parse(plainTextOf(c.text)));
  } catch (error) {
    deps.logger.error({ err: error }, 'a Slack command failed');
    reply = SOMETHING_FAILED;
  }
  res.json({ response_type: 'ephemeral', ...replyMessage(reply) });
}
