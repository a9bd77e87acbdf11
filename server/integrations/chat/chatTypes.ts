/** What every chat door shares: which tools there are and who is talking (issue 14). */
export const CHAT_TOOLS = ['slack', 'mattermost'] as const;
export type ChatTool = (typeof CHAT_TOOLS)[number];

/** How a tool is named where people read it (guest accounts are "Ana (Slack)"). */
export const CHAT_TOOL_NAMES: Record<ChatTool, string> = { slack: 'Slack', mattermost: 'Mattermost' };

/** A person as the chat tool vouches for them in a verified request. */
export interface ChatUser {
  tool: ChatTool;
  /** The Slack team or Mattermost team/server the user belongs to. */
  workspace: string;
  id: string;
  name: string;
  /** Only where the tool verified it (Slack's users.info); matched to an account's email. */
  email: string | null;
}

/** Where a command was typed or a message was posted. */
export interface ChatPlace {
  channel: string;
  /** The thread's root message, when inside one. */
  thread: string | null;
}
