/**
 * The other half of a chat user's one-time link (issue 14): the signed-in person looks at what it
 * would link, confirms, and from then on their chat account acts as them (their guest account, if
 * they had one, merges in). The secret travels in request bodies, never in a URL a log keeps.
 */
import { Router } from 'express';
import { ChatLinkRequest } from '../../../shared/api.ts';
import type { ChatLinkDone, ChatLinkInfo } from '../../../shared/api.ts';
import { chatLinkRefusal } from '../../../shared/access.ts';
import { describeZodError } from '../../../shared/commands.ts';
import type { AuditRecorder } from '../../audit/AuditRecorder.ts';
import { CommandError, requireAllowed } from '../../commands/CommandError.ts';
import { principalOf } from '../../http/authMiddleware.ts';
import type { ChatIdentities } from './ChatIdentities.ts';
import { CHAT_TOOL_NAMES } from './chatTypes.ts';
import type { ChatTool } from './chatTypes.ts';

const REFUSED = {
  unknown: new CommandError('not_found', 'unknown chat link: ask the bot for a new one with /incident link'),
  used: new CommandError('conflict', 'this chat link was used already: ask the bot for a new one with /incident link'),
  expired: new CommandError('conflict', 'this chat link has expired: ask the bot for a new one with /incident link'),
} as const;

function tokenOf(body: unknown): string {
  const parsed = ChatLinkRequest.safeParse(body);
  if (!parsed.success) throw new CommandError('invalid', describeZodError(parsed.error));
  return parsed.data.token;
}

export function chatLinkRoutes(deps: { identities: ChatIdentities; audit: AuditRecorder; now: () => number }): Router {
  const router = Router();

  router.post('/chat-links/inspect', async (req, res) => {
    requireAllowed(chatLinkRefusal(principalOf(res)));
    const request = await deps.identities.linkRequest(tokenOf(req.body), deps.now());
    if ('refused' in request) throw REFUSED[request.refused];
    res.json({ toolName: CHAT_TOOL_NAMES[request.tool], chatName: request.chatName } satisfies ChatLinkInfo);
  });

  router.post('/chat-links/use', async (req, res) => {
    const p = principalOf(res);
    requireAllowed(chatLinkRefusal(p));
    const token = tokenOf(req.body);
    const request = await deps.identities.linkRequest(token, deps.now());
    if ('refused' in request) throw REFUSED[request.refused];
    const used = await deps.identities.useLink(token, p.userId, deps.now());
    if ('refused' in used) throw REFUSED[used.refused];
    await deps.audit.record({
      at: deps.now(),
      userId: p.userId,
      action: 'chat.linked',
      target: `${request.tool}:${request.chatUser}`,
      detail: used.mergedGuest ? `guest account ${used.mergedGuest} merged` : null,
    });
    res.json({ toolName: CHAT_TOOL_NAMES[request.tool as ChatTool], chatName: request.chatName, account: { id: used.linked.id, name: used.linked.name } } satisfies ChatLinkDone);
  });

  return router;
}
