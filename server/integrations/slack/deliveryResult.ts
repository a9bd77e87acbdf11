/**
 * What a failed Web API call means for the outbox: wait and try again (rate limits, Slack or the
 * network down, timeouts), or give up on a message that can never be delivered as it is (the
 * channel is gone, the bot was removed, its token revoked). Unknown errors are retried, so a post
 * is lost only to an answer that says it must be, or after OUTBOX_GIVE_UP_HOURS.
 */
import { ErrorCode } from '@slack/web-api';
import type { DeliveryResult } from '../../outbox/Outbox.ts';

/** Slack's `ok: false` errors that the same request can never get past. */
const PERMANENT = new Set([
  'access_denied',
  'account_inactive',
  'cannot_dm_bot',
  'channel_not_found',
  'ekm_access_denied',
  'invalid_arguments',
  'invalid_auth',
  'invalid_blocks',
  'invalid_blocks_format',
  'invalid_name',
  'invalid_name_maxlength',
  'invalid_name_punctuation',
  'invalid_name_required',
  'invalid_name_specials',
  'is_archived',
  'messages_tab_disabled',
  'method_deprecated',
  'missing_scope',
  'msg_too_long',
  'name_taken',
  'no_permission',
  'no_text',
  'not_allowed_token_type',
  'not_authed',
  'not_in_channel',
  'org_login_required',
  'restricted_action',
  'restricted_action_non_threadable_channel',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'team_access_not_granted',
  'token_expired',
  'token_revoked',
  'user_disabled',
  'user_not_found',
  'user_not_visible',
  'users_not_found',
]);

export function failureOf(error: unknown): DeliveryResult {
  const e = error as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string }; message?: string };
  switch (e.code) {
    case ErrorCode.RateLimitedError:
      return { outcome: 'retry', status: 429, error: 'rate limited', retryAfterMs: (e.retryAfter ?? 0) * 1000 };
    case ErrorCode.HTTPError:
      return { outcome: 'retry', status: e.statusCode ?? null, error: `HTTP ${e.statusCode}` };
    case ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown_error';
      return PERMANENT.has(code) ? { outcome: 'give-up', status: 200, error: code } : { outcome: 'retry', status: 200, error: code };
    }
    default:
      return { outcome: 'retry', status: null, error: e.message ?? String(error) };
  }
}
