/** A Slack message on its way into the transcript (a pushpin or the message shortcut). */
import { Limits } from '../../../shared/limits.ts';
import type { SlackMessageRecord } from './payloads.ts';
import { plainTextOf } from './presenters/mrkdwn.ts';

/** Subtypes that are still a person speaking; joins, topics and bot posts are not. */
const PERSON_SUBTYPES = new Set(['thread_broadcast', 'me_message', 'file_share']);

/** The words of a message a person wrote, as plain text that fits an entry; null for anything else. */
export function transcriptTextOf(m: SlackMessageRecord): string | null {
  if (m.bot_id || !m.user || (m.subtype !== undefined && !PERSON_SUBTYPES.has(m.subtype))) return null;
  const text = plainTextOf(m.text).trim();
  return text ? text.slice(0, Limits.noteLength) : null;
}

/** When it was said: a message's ts is its time in seconds ("1355517523.000005"). */
export const timeOf = (ts: string) => Math.round(Number(ts) * 1000);

/** The name Slack attached to a message, for when the author cannot be looked up. */
export const authorNameOf = (m: SlackMessageRecord) => m.user_profile?.real_name || m.user_profile?.display_name;
