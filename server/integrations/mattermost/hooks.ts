/**
 * Mattermost's requests (issue 14), mounted before sign-in and the JSON parser: each is
 * verified first (the slash command by its token, a button by its signed context) and refused
 * with 401 before anything is acted on; then it runs through the chat door as the Mattermost
 * user's account, and the answer goes back as an ephemeral reply.
 */
import express, { Router } from 'express';
import { describeZodError } from '../../../shared/commands.ts';
import { sendError } from '../../http/errors.ts';
import type { ChatDoor } from '../chat/ChatDoor.ts';
import type { ChatUser } from '../chat/chatTypes.ts';
import type { ButtonSigner } from './buttonSignature.ts';
import { commandTokenValid } from './commandToken.ts';
import { replyMarkdown } from './presenters/commandReply.ts';
import { ButtonRequest, SlashCommandRequest } from './requests.ts';

export interface HookDeps {
  door: ChatDoor;
  commandToken: string;
  signer: ButtonSigner;
  maxBodyBytes: number;
}

const user = (teamId: string, userId: string, name: string): ChatUser => ({ tool: 'mattermost', workspace: teamId, id: userId, name, email: null });

export function mattermostHooks(deps: HookDeps): Router {
  const router = Router();

  router.post('/commands', express.urlencoded({ extended: false, limit: deps.maxBodyBytes }), async (req, res) => {
    const form = (req.body ?? {}) as Record<string, unknown>;
    if (!commandTokenValid(req.get('authorization'), form.token, deps.commandToken)) {
      return sendError(res, 'unauthorized', 'the token is not this slash command’s (MATTERMOST_COMMAND_TOKEN)');
    }
    const command = SlashCommandRequest.safeParse(form);
    if (!command.success) return sendError(res, 'invalid', describeZodError(command.error));
    const c = command.data;
    const reply = await deps.door.run(user(c.team_id, c.user_id, c.user_name), { channel: c.channel_id, thread: null }, deps.door.parse(c.text));
    res.json({ response_type: 'ephemeral', text: replyMarkdown(reply) });
  });

  router.post('/actions', express.json({ limit: deps.maxBodyBytes }), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const button = deps.signer.verify(body.context);
    if (!button) return sendError(res, 'unauthorized', 'this button was not posted by this Incident Room');
    const request = ButtonRequest.safeParse(body);
    if (!request.success) return sendError(res, 'invalid', describeZodError(request.error));
    const r = request.data;
    const reply = await deps.door.press(
      user(r.team_id, r.user_id, r.user_name ?? r.user_id),
      button.incidentId,
      button.action === 'claim' ? { verb: 'claim', role: button.role, incidentId: null } : { verb: 'ack', incidentId: null },
    );
    res.json({ ephemeral_text: replyMarkdown(reply) });
  });

  return router;
}
