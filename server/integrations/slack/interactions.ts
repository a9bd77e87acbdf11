/**
 * Buttons on the bot's posts and the "Add to transcript" message shortcut. Slack wants the 200
 * within three seconds and shows nothing from it, so the request is answered first and the
 * outcome reaches the person afterwards, as a message only they see.
 */
import type { Response } from 'express';
import type { z } from 'zod';
import { sendError } from '../../http/errors.ts';
import type { ChatReply } from '../chat/ChatDoor.ts';
import { formOf, SOMETHING_FAILED, tellPerson } from './hookDeps.ts';
import type { Audience, HookDeps } from './hookDeps.ts';
import { BlockActions, MessageAction } from './payloads.ts';
import { authorNameOf, timeOf, transcriptTextOf } from './pinnedMessage.ts';
import { pressOf } from './presenters/buttons.ts';

/** The message shortcut's callback id, set in the app's configuration (README). */
export const ADD_TO_TRANSCRIPT = 'add_to_transcript';

export function onInteraction(deps: HookDeps, raw: Buffer, res: Response): void {
  let payload: unknown;
  try {
    payload = JSON.parse(formOf(raw).payload ?? '');
  } catch {
    return sendError(res, 'invalid', 'payload must be a JSON form field');
  }
  const type = (payload as { type?: unknown } | null)?.type;
  let work: Promise<void> | null = null;
  if (type === 'block_actions') {
    const p = BlockActions.safeParse(payload);
    if (!p.success) return sendError(res, 'invalid', 'unreadable block_actions payload');
    work = onButtons(deps, p.data);
  } else if (type === 'message_action') {
    const p = MessageAction.safeParse(payload);
    if (!p.success) return sendError(res, 'invalid', 'unreadable message_action payload');
    work = onShortcut(deps, p.data);
  }
  // Anything else this app did not ask for (views, other shortcuts): acknowledged, nothing done.
  res.status(200).end();
  work?.catch((error: unknown) => deps.logger.error({ err: error }, 'a Slack interaction failed'));
}

async function onButtons(deps: HookDeps, p: z.infer<typeof BlockActions>): Promise<void> {
  const workspace = p.team?.id ?? p.user.team_id ?? '';
  const channel = p.container?.channel_id ?? p.channel?.id ?? '';
  const to: Audience = { workspace, user: p.user.id, channel, threadTs: p.container?.thread_ts ?? null, responseUrl: p.response_url };
  for (const action of p.actions) {
    const press = pressOf(action.action_id, action.value);
    if ('ignore' in press) continue;
    const reply = await guarded(deps, async () => {
      const user = await deps.people.chatUser(workspace, p.user.id, p.user.name ?? p.user.username);
      return deps.door.press(user, press.incidentId, press.request);
    });
    await tellPerson(deps, to, reply);
  }
}

async function onShortcut(deps: HookDeps, p: z.infer<typeof MessageAction>): Promise<void> {
  if (p.callback_id !== ADD_TO_TRANSCRIPT) return;
  const m = p.message;
  const to: Audience = { workspace: p.team.id, user: p.user.id, channel: p.channel.id, threadTs: m.thread_ts ?? null, responseUrl: p.response_url };
  const text = transcriptTextOf(m);
  if (!m.user || !text) return tellPerson(deps, to, { ok: false, text: 'only a person’s message with text can be added to the transcript', incident: null, linkUrl: null });
  const author = m.user;
  const reply = await guarded(deps, async () => {
    const user = await deps.people.chatUser(p.team.id, author, authorNameOf(m));
    return deps.door.pin(user, { channel: p.channel.id, thread: m.thread_ts ?? null }, text, timeOf(m.ts));
  });
  await tellPerson(deps, to, reply);
}

async function guarded(deps: HookDeps, act: () => Promise<ChatReply>): Promise<ChatReply> {
  try {
    return await act();
  } catch (error) {
    deps.logger.error({ err: error }, 'a Slack interaction failed');
    return SOMETHING_FAILED;
  }
}
