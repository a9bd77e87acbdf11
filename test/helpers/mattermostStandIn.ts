/**
 * A stand-in for a Mattermost server on 127.0.0.1 (issue 14), both ways:
 *
 * - In: an incoming webhook at /hooks/<key>. Each request is checked against what Mattermost
 *   documents ("Incoming webhooks", "Message attachments", "Interactive messages"): a POST of
 *   JSON; `text` and/or `attachments` and no other than the documented parameters; each
 *   attachment with its required plain-text `fallback` and only documented fields of the right
 *   types, absolute http(s) links, fields with title and value; each button with a per-post
 *   unique alphanumeric id (it becomes a path segment of /api/v4/posts/{post}/actions/{id}), a
 *   name, a documented style and an integration URL. A request that breaks the shape is recorded
 *   as a violation. It answers as Mattermost does: 200 `ok` in text/plain; or, on demand, 429
 *   with Retry-After or 500.
 * - Out: what Mattermost's server sends to an integration: a custom slash command (a form with
 *   `Authorization: Token`) and a pressed message button (JSON with the button's context).
 */
import { randomBytes } from 'node:crypto';
import { isHttpUrl, isObject, startIncomingWebhookStandIn } from './incomingWebhookStandIn.ts';
import type { IncomingWebhookStandIn } from './incomingWebhookStandIn.ts';

export interface MattermostStandIn extends IncomingWebhookStandIn {
  webhookUrl: string;
  /** The bodies Mattermost took (answered 200), in order. */
  posts(): any[];
}

const PARAMETERS = new Set(['text', 'channel', 'username', 'icon_url', 'icon_emoji', 'attachments', 'type', 'props']);
const ATTACHMENT_STRINGS = ['fallback', 'color', 'pretext', 'text', 'author_name', 'author_icon', 'author_link', 'title', 'title_link', 'image_url', 'thumb_url', 'footer', 'footer_icon'];
const ATTACHMENT_URLS = ['author_icon', 'author_link', 'title_link', 'image_url', 'thumb_url', 'footer_icon'];
const ATTACHMENT_FIELDS = new Set([...ATTACHMENT_STRINGS, 'fields', 'actions']);
const BUTTON_STYLES = new Set(['good', 'warning', 'danger', 'default', 'primary', 'success']);
/** Mattermost posts up to 16383 characters (its "Incoming webhooks" tips). */
const MAX_TEXT = 16_383;

/** What is wrong with a webhook body, by Mattermost's documentation; empty when nothing is. */
function webhookPostProblems(body: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(body)) return ['the body is not a JSON object'];
  for (const key of Object.keys(body)) if (!PARAMETERS.has(key)) problems.push(`unknown parameter ${key}`);
  if (body.text === undefined && body.attachments === undefined) problems.push('text is required when there are no attachments');
  if (body.text !== undefined && (typeof body.text !== 'string' || body.text.length > MAX_TEXT)) problems.push('text must be a string of at most 16383 characters');
  if (body.attachments === undefined) return problems;
  if (!Array.isArray(body.attachments)) return [...problems, 'attachments must be an array'];
  body.attachments.forEach((a: unknown, i: number) => {
    const at = `attachments[${i}]`;
    if (!isObject(a)) return problems.push(`${at} is not an object`);
    for (const key of Object.keys(a)) if (!ATTACHMENT_FIELDS.has(key)) problems.push(`${at} has unknown field ${key}`);
    if (typeof a.fallback !== 'string' || a.fallback === '') problems.push(`${at}.fallback is required (plain text)`);
    for (const key of ATTACHMENT_STRINGS) if (a[key] !== undefined && typeof a[key] !== 'string') problems.push(`${at}.${key} must be a string`);
    for (const key of ATTACHMENT_URLS) if (a[key] !== undefined && !isHttpUrl(a[key])) problems.push(`${at}.${key} must be an absolute http(s) URL`);
    if (a.color !== undefined && !/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(String(a.color)) && !['good', 'warning', 'danger'].includes(String(a.color))) {
      problems.push(`${at}.color must be a hex colour`);
    }
    if (a.fields !== undefined) {
      if (!Array.isArray(a.fields)) problems.push(`${at}.fields must be an array`);
      else
        a.fields.forEach((f: unknown, j: number) => {
          if (!isObject(f) || typeof f.title !== 'string' || typeof f.value !== 'string' || (f.short !== undefined && typeof f.short !== 'boolean')) {
            problems.push(`${at}.fields[${j}] needs a string title and value and a boolean short`);
          }
        });
    }
    if (a.actions !== undefined) problems.push(...actionProblems(a.actions, at));
  });
  return problems;
}

function actionProblems(actions: unknown, at: string): string[] {
  if (!Array.isArray(actions)) return [`${at}.actions must be an array`];
  const problems: string[] = [];
  const ids = new Set<string>();
  actions.forEach((b: unknown, k: number) => {
    const where = `${at}.actions[${k}]`;
    if (!isObject(b)) return problems.push(`${where} is not an object`);
    if (typeof b.id !== 'string' || !/^[A-Za-z0-9]+$/.test(b.id)) problems.push(`${where}.id must be alphanumeric`);
    else if (ids.has(b.id)) problems.push(`${where}.id ${b.id} is not unique in the post`);
    else ids.add(b.id);
    if (typeof b.name !== 'string' || b.name === '') problems.push(`${where}.name is required`);
    if (b.type !== undefined && b.type !== 'button' && b.type !== 'select') problems.push(`${where}.type must be button or select`);
    if (b.style !== undefined && !BUTTON_STYLES.has(String(b.style))) problems.push(`${where}.style ${String(b.style)} is not a documented style`);
    if (!isObject(b.integration) || !isHttpUrl(b.integration.url)) problems.push(`${where}.integration.url must be an absolute http(s) URL`);
    else if (b.integration.context !== undefined && !isObject(b.integration.context)) problems.push(`${where}.integration.context must be an object`);
  });
  return problems;
}

export async function startMattermostStandIn(options: { now?: () => number } = {}): Promise<MattermostStandIn> {
  const hookPath = `/hooks/${randomBytes(13).toString('hex')}`;
  const standIn = await startIncomingWebhookStandIn(
    {
      requestProblems: (url) => (url.pathname === hookPath && url.search === '' ? [] : [`${url.pathname}${url.search} is not the webhook's path`]),
      bodyProblems: webhookPostProblems,
      accepted: { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' },
      refusal: '{"message":"stand-in refusal"}',
    },
    options,
  );
  return { ...standIn, webhookUrl: `${standIn.origin}${hookPath}`, posts: standIn.taken };
}

export interface MattermostPerson {
  teamId: string;
  userId: string;
  userName: string;
}

/**
 * A custom slash command as Mattermost's server sends it: a form POST with the token in an
 * `Authorization: Token` header and in the form. `token: null` sends neither.
 */
export async function sendSlashCommand(
  url: string,
  person: MattermostPerson,
  text: string,
  token: string | null,
  channelId = 'town0square0channel0id000x',
): Promise<{ status: number; body: any }> {
  const form = new URLSearchParams({
    channel_id: channelId,
    channel_name: 'town-square',
    command: '/incident',
    response_url: `http://127.0.0.1:9/hooks/commands/${randomBytes(13).toString('hex')}`,
    team_domain: 'ops',
    team_id: person.teamId,
    text,
    ...(token === null ? {} : { token }),
    trigger_id: randomBytes(16).toString('hex'),
    user_id: person.userId,
    user_name: person.userName,
  });
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...(token === null ? {} : { authorization: `Token ${token}` }) },
    body: form.toString(),
  });
  const raw = await res.text();
  return { status: res.status, body: raw ? JSON.parse(raw) : null };
}

/** A message button pressed, as Mattermost's server sends it to the button's integration URL. */
export async function pressButton(action: { integration: { url: string; context?: unknown } }, person: MattermostPerson, postId = 'post0000000000000000000001'): Promise<{ status: number; body: any }> {
  const res = await fetch(action.integration.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      user_id: person.userId,
      user_name: person.userName,
      channel_id: 'town0square0channel0id000x',
      channel_name: 'town-square',
      team_id: person.teamId,
      team_domain: 'ops',
      post_id: postId,
      trigger_id: randomBytes(16).toString('hex'),
      type: 'button',
      data_source: '',
      context: action.integration.context,
    }),
  });
  const raw = await res.text();
  return { status: res.status, body: raw ? JSON.parse(raw) : null };
}
