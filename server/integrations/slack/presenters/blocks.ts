/**
 * The Block Kit shapes the bot sends (https://api.slack.com/reference/block-kit/blocks), only
 * those it uses, with the limits Slack enforces on them.
 */

export interface TextObject {
  type: 'plain_text' | 'mrkdwn';
  text: string;
}

export interface ButtonElement {
  type: 'button';
  /** Plain text, at most 75 characters. */
  text: { type: 'plain_text'; text: string };
  action_id: string;
  value?: string;
  url?: string;
  style?: 'primary' | 'danger';
}

export type Block = { type: 'section'; text: TextObject } | { type: 'actions'; elements: ButtonElement[] } | { type: 'context'; elements: TextObject[] };

/** What chat.postMessage, chat.postEphemeral and a slash command's answer carry. */
export interface SlackMessage {
  /** The notification's words, and all that clients without blocks show. */
  text: string;
  blocks: Block[];
}

const BUTTON_TEXT_MAX = 75;

export function section(mrkdwn: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: mrkdwn } };
}

export function plainText(text: string): { type: 'plain_text'; text: string } {
  return { type: 'plain_text', text: text.length > BUTTON_TEXT_MAX ? `${text.slice(0, BUTTON_TEXT_MAX - 1)}…` : text };
}
