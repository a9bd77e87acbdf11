/**
 * What Slack sends, read with zod after the signature was verified: the slash command's form
 * (https://api.slack.com/interactivity/slash-commands), interaction payloads
 * (https://api.slack.com/reference/interaction-payloads) and Events API envelopes
 * (https://api.slack.com/apis/events-api). Only the fields the app uses; anything else is ignored.
 */
import { z } from 'zod';

const id = z.string().min(1).max(64);
/** A message timestamp, which is also its id within a channel: "1355517523.000005". */
const ts = z.string().regex(/^\d{1,12}\.\d{1,9}$/);

export const SlashCommand = z.object({
  team_id: id,
  user_id: id,
  user_name: z.string().max(200).default(''),
  channel_id: id,
  text: z.string().max(4000).default(''),
});

const Button = z.object({ type: z.string(), action_id: z.string().max(255), value: z.string().max(2000).optional() });

export const BlockActions = z.object({
  type: z.literal('block_actions'),
  team: z.object({ id }).nullable().optional(),
  user: z.object({ id, team_id: id.optional(), username: z.string().max(200).optional(), name: z.string().max(200).optional() }),
  container: z.object({ channel_id: id.optional(), message_ts: ts.optional(), thread_ts: ts.optional() }).optional(),
  channel: z.object({ id }).optional(),
  actions: z.array(Button).max(25),
  response_url: z.string().max(2000).optional(),
});

const Message = z.object({
  ts,
  thread_ts: ts.optional(),
  user: id.optional(),
  bot_id: z.string().nullish(),
  subtype: z.string().optional(),
  text: z.string().max(40_000).default(''),
  /** Slack adds the author's names to many messages: enough to name them when users.info fails. */
  user_profile: z.object({ real_name: z.string().optional(), display_name: z.string().optional() }).optional(),
});
export type SlackMessageRecord = z.infer<typeof Message>;

export const MessageAction = z.object({
  type: z.literal('message_action'),
  callback_id: z.string().max(255),
  team: z.object({ id }),
  user: z.object({ id, name: z.string().max(200).optional() }),
  channel: z.object({ id }),
  message: Message,
  response_url: z.string().max(2000).optional(),
});

export const Interaction = z.discriminatedUnion('type', [BlockActions, MessageAction]);

export const UrlVerification = z.object({ type: z.literal('url_verification'), challenge: z.string().max(200) });

export const EventCallback = z.object({
  type: z.literal('event_callback'),
  team_id: id,
  event_id: id,
  event: z.looseObject({ type: z.string() }),
});

export const ReactionAdded = z.object({
  type: z.literal('reaction_added'),
  user: id,
  reaction: z.string(),
  item: z.object({ type: z.string(), channel: id.optional(), ts: ts.optional() }),
});

/** What conversations.history and conversations.replies answer. */
export const MessagesAnswer = z.object({ messages: z.array(z.unknown()).default([]) });
export const readMessage = (value: unknown) => Message.safeParse(value);

/** What users.info answers about a person (the email needs the users:read.email scope). */
export const UserInfo = z.object({
  user: z.object({
    name: z.string().optional(),
    real_name: z.string().optional(),
    is_bot: z.boolean().optional(),
    profile: z.object({ real_name: z.string().optional(), display_name: z.string().optional(), email: z.string().optional() }).optional(),
  }),
});
