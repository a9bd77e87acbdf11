/**
 * What Mattermost sends (issue 14), read after the sender is verified: a custom slash command
 * (a form, as its "Custom slash commands" documentation shows) and a message button's request
 * (JSON, its "Interactive messages" documentation). Unknown fields are ignored, as Mattermost
 * adds some over versions.
 */
import { z } from 'zod';

const id = z.string().min(1).max(64);

export const SlashCommandRequest = z.object({
  team_id: id,
  channel_id: id,
  user_id: id,
  user_name: z.string().min(1).max(200),
  text: z.string().max(4000).default(''),
});

export const ButtonRequest = z.object({
  user_id: id,
  // Older servers send no user_name: the person is then named by their id until they link.
  user_name: z.string().min(1).max(200).optional(),
  team_id: id,
});
