/**
 * Fetches the one message a reaction points at. A reaction names only its channel and timestamp,
 * so the message is looked for where channel messages are (conversations.history, up to and
 * including that timestamp, one message), then among thread replies (conversations.replies with
 * that timestamp, as Slack documents for "a message in the thread"). Slack answering that the
 * message or channel is not there means there is nothing to pin; any other failure throws, so
 * the event is answered 500 and Slack sends it again.
 */
import { ErrorCode } from '@slack/web-api';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.ts';
import { MessagesAnswer, readMessage } from './payloads.ts';
import type { SlackMessageRecord } from './payloads.ts';

export async function findMessage(client: WebClient, channel: string, ts: string, logger: Logger): Promise<SlackMessageRecord | null> {
  const pick = (answer: unknown) => {
    for (const m of MessagesAnswer.parse(answer).messages) {
      const read = readMessage(m);
      if (read.success && read.data.ts === ts) return read.data;
    }
    return null;
  };
  try {
    const inChannel = pick(await client.conversations.history({ channel, latest: ts, inclusive: true, limit: 1 }));
    if (inChannel) return inChannel;
    return pick(await client.conversations.replies({ channel, ts, latest: ts, oldest: ts, inclusive: true, limit: 1 }));
  } catch (error) {
    if ((error as { code?: string }).code !== ErrorCode.PlatformError) throw error;
    // An answer, not an outage: missing scopes or membership show here, for whoever installs the app.
    logger.warn({ err: (error as { data?: { error?: string } }).data?.error, channel }, 'Slack would not give the reacted message');
    return null;
  }
}
