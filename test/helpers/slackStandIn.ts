/**
 * A stand-in for Slack on loopback (issue 14), both ways. As the Web API, it takes the methods
 * the app calls and checks each request as Slack's method pages document it (POST, the bot's
 * Bearer token, an accepted content type, required arguments present and typed, no unknown ones,
 * Block Kit of the shapes and limits the app uses, text within 40,000 characters), answering the
 * `{ ok: true, … }` shapes the docs show. A request that breaks the documented shape is recorded
 * in `violations`, which tests assert empty. On demand it answers 429 with Retry-After, 500, or
 * an `ok: false` error. As Slack itself, it signs the requests it sends to the app, and takes
 * posts to the response_urls it hands out.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { TestClock } from './testClock.ts';
import { capturingLogger } from './logCapture.ts';
import type { CapturedLog } from './logCapture.ts';
import { startTestServer } from './testServer.ts';
import type { TestServer } from './testServer.ts';

export interface StandInUser {
  id: string;
  team: string;
  /** The handle (`name` in users.info, `user_name` in a slash command). */
  handle: string;
  realName: string;
  email?: string;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  user?: string;
  bot_id?: string;
  text: string;
  blocks?: any[];
}

/** A button as the bot posted it. */
export interface ButtonElementShown {
  type: 'button';
  text: { type: 'plain_text'; text: string };
  action_id: string;
  value?: string;
  url?: string;
  style?: string;
}

export interface ApiCall {
  method: string;
  args: Record<string, any>;
  authorization: string | undefined;
  /** The test clock's time when it arrived. */
  at: number;
  status: number;
  body: any;
}

/** What to answer instead of the method's own answer. */
export type Answer = { status: 429; retryAfter: number } | { status: 500 } | { error: string };

export interface SlackStandIn {
  /** SLACK_API_URL. */
  url: string;
  botToken: string;
  signingSecret: string;
  calls: ApiCall[];
  /** Requests that break the documented shape; every test expects none. */
  violations: string[];
  /** Posts to response_urls: what the person was shown. */
  responses: Array<{ path: string; body: any; at: number }>;
  addUser(user: StandInUser): void;
  /** A channel the bot is a member of. */
  addChannel(id: string, name: string): void;
  /** A person's message, said at `at` (ms); answers its ts. */
  say(channel: string, message: { user: string; text: string; threadTs?: string; at: number }): string;
  messages(channel: string): StoredMessage[];
  /** The successful calls of a method. */
  ok(method: string): ApiCall[];
  /** The next calls of `method` get these answers, in order. */
  script(method: string, ...answers: Answer[]): void;
  /** Every call of `method` gets this answer until cleared with null. */
  outage(method: string, answer: Answer | null): void;
  responseUrl(): string;
  close(): Promise<void>;
}

const BOT_USER = 'U0BOT';
const BOT_ID = 'B0BOT';
const TS = /^\d{10}\.\d{6}$/;
const SLACK_ID = /^[A-Z][A-Z0-9]{2,}$/;

type ArgType = 'string' | 'id' | 'ts' | 'boolean' | 'integer' | 'blocks';
interface MethodSpec {
  /** The method accepts application/json bodies as well as forms. */
  json: boolean;
  required: Record<string, ArgType>;
  optional: Record<string, ArgType>;
}

/** From each method's page at https://api.slack.com/methods (arguments and content types). */
const METHODS: Record<string, MethodSpec> = {
  'chat.postMessage': {
    json: true,
    required: { channel: 'id' },
    optional: { text: 'string', blocks: 'blocks', thread_ts: 'ts', unfurl_links: 'boolean', unfurl_media: 'boolean', mrkdwn: 'boolean', reply_broadcast: 'boolean' },
  },
  'chat.postEphemeral': { json: true, required: { channel: 'id', user: 'id' }, optional: { text: 'string', blocks: 'blocks', thread_ts: 'ts' } },
  'users.info': { json: false, required: { user: 'id' }, optional: { include_locale: 'boolean' } },
  'conversations.open': { json: true, required: {}, optional: { users: 'string', channel: 'id', return_im: 'boolean', prevent_creation: 'boolean' } },
  'conversations.create': { json: true, required: { name: 'string' }, optional: { is_private: 'boolean', team_id: 'id' } },
  'conversations.history': {
    json: false,
    required: { channel: 'id' },
    optional: { latest: 'ts', oldest: 'ts', inclusive: 'boolean', limit: 'integer', cursor: 'string', include_all_metadata: 'boolean' },
  },
  'conversations.replies': {
    json: false,
    required: { channel: 'id', ts: 'ts' },
    optional: { latest: 'ts', oldest: 'ts', inclusive: 'boolean', limit: 'integer', cursor: 'string', include_all_metadata: 'boolean' },
  },
};

/** Orders message timestamps exactly (as numbers they lose their last digits). */
function compareTs(a: string, b: string): number {
  const [as = '0', af = '0'] = a.split('.');
  const [bs = '0', bf = '0'] = b.split('.');
  return Number(as) - Number(bs) || Number(af) - Number(bf);
}

const isBool = (v: unknown) => typeof v === 'boolean' || v === 'true' || v === 'false' || v === '1' || v === '0';
const truthy = (v: unknown) => v === true || v === 'true' || v === '1';

/** Block Kit, strictly the shapes and limits of https://api.slack.com/reference/block-kit the app uses. */
function blockProblems(blocks: unknown): string[] {
  const problems: string[] = [];
  const only = (o: Record<string, unknown>, keys: string[], where: string) => {
    for (const k of Object.keys(o)) if (!keys.includes(k)) problems.push(`${where}: unknown field ${k}`);
  };
  const textObject = (t: any, where: string, max: number, plainOnly = false) => {
    if (!t || typeof t !== 'object') return problems.push(`${where}: not a text object`);
    only(t, ['type', 'text', 'emoji', 'verbatim'], where);
    if (t.type !== 'plain_text' && (plainOnly || t.type !== 'mrkdwn')) problems.push(`${where}: type ${t.type}`);
    if (typeof t.text !== 'string' || t.text.length < 1 || t.text.length > max) problems.push(`${where}: text of ${t.text?.length} characters (1-${max})`);
  };
  if (!Array.isArray(blocks)) return ['blocks is not an array'];
  if (blocks.length < 1 || blocks.length > 50) problems.push(`${blocks.length} blocks (1-50)`);
  blocks.forEach((b: any, i) => {
    const where = `blocks[${i}]`;
    if (!b || typeof b !== 'object') return problems.push(`${where}: not an object`);
    if (b.block_id !== undefined && (typeof b.block_id !== 'string' || b.block_id.length > 255)) problems.push(`${where}: block_id`);
    if (b.type === 'section') {
      only(b, ['type', 'text', 'block_id'], where);
      textObject(b.text, `${where}.text`, 3000);
    } else if (b.type === 'context') {
      only(b, ['type', 'elements', 'block_id'], where);
      if (!Array.isArray(b.elements) || b.elements.length < 1 || b.elements.length > 10) problems.push(`${where}: 1-10 elements`);
      else b.elements.forEach((e: unknown, j: number) => textObject(e, `${where}.elements[${j}]`, 3000));
    } else if (b.type === 'actions') {
      only(b, ['type', 'elements', 'block_id'], where);
      if (!Array.isArray(b.elements) || b.elements.length < 1 || b.elements.length > 25) return problems.push(`${where}: 1-25 elements`);
      const ids = new Set<string>();
      b.elements.forEach((e: any, j: number) => {
        const at = `${where}.elements[${j}]`;
        if (e?.type !== 'button') return problems.push(`${at}: type ${e?.type}`);
        only(e, ['type', 'text', 'action_id', 'url', 'value', 'style', 'confirm', 'accessibility_label'], at);
        textObject(e.text, `${at}.text`, 75, true);
        if (e.action_id !== undefined) {
          if (typeof e.action_id !== 'string' || e.action_id.length < 1 || e.action_id.length > 255) problems.push(`${at}: action_id`);
          else if (ids.has(e.action_id)) problems.push(`${at}: action_id ${e.action_id} repeated in the block`);
          else ids.add(e.action_id);
        }
        if (e.value !== undefined && (typeof e.value !== 'string' || e.value.length > 2000)) problems.push(`${at}: value`);
        if (e.url !== undefined && (typeof e.url !== 'string' || e.url.length > 3000 || !/^https?:\/\//.test(e.url))) problems.push(`${at}: url`);
        if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger') problems.push(`${at}: style ${e.style}`);
      });
    } else problems.push(`${where}: block type ${b.type} is not one the app uses`);
  });
  return problems;
}

export async function startSlackStandIn(options: { botToken: string; signingSecret: string; clock?: TestClock }): Promise<SlackStandIn> {
  const now = () => options.clock?.now() ?? Date.now();
  const calls: ApiCall[] = [];
  const violations: string[] = [];
  const responses: SlackStandIn['responses'] = [];
  const users = new Map<string, StandInUser>();
  const channels = new Map<string, { name: string; messages: StoredMessage[] }>();
  const scripted = new Map<string, Answer[]>();
  const outages = new Map<string, Answer>();
  let seq = 0;
  let responseUrls = 0;

  const newTs = () => {
    seq += 1;
    return `${Math.floor(now() / 1000)}.${String(seq % 1_000_000).padStart(6, '0')}`;
  };
  const channelOf = (id: string) => channels.get(id);

  /** Reads a request's arguments as Slack would, recording every departure from the method's page. */
  function readArgs(method: string, spec: MethodSpec, req: http.IncomingMessage, raw: string, problems: string[]): Record<string, any> | null {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    let args: Record<string, any>;
    if (type === 'application/x-www-form-urlencoded') {
      args = Object.fromEntries(new URLSearchParams(raw));
    } else if (type === 'application/json' && spec.json) {
      try {
        args = JSON.parse(raw);
      } catch {
        problems.push(`${method}: body is not JSON`);
        return null;
      }
    } else {
      problems.push(`${method}: content type ${type || '(none)'} is not accepted`);
      return null;
    }
    if ('token' in args) problems.push(`${method}: token sent in the body, not the Authorization header`);
    for (const name of Object.keys(spec.required)) if (args[name] === undefined || args[name] === '') problems.push(`${method}: ${name} is required`);
    for (const [name, value] of Object.entries(args)) {
      const argType = spec.required[name] ?? spec.optional[name];
      if (!argType) {
        problems.push(`${method}: unknown argument ${name}`);
        continue;
      }
      const ok =
        argType === 'string'
          ? typeof value === 'string'
          : argType === 'id'
            ? typeof value === 'string' && SLACK_ID.test(value)
            : argType === 'ts'
              ? typeof value === 'string' && TS.test(value)
              : argType === 'boolean'
                ? isBool(value)
                : argType === 'integer'
                  ? /^\d+$/.test(String(value))
                  : true;
      if (!ok) problems.push(`${method}: ${name} is not a valid ${argType}: ${JSON.stringify(value)}`);
      if (argType === 'blocks') {
        let blocks = value;
        if (typeof value === 'string') {
          try {
            blocks = JSON.parse(value);
          } catch {
            problems.push(`${method}: blocks is not a JSON-encoded array`);
            continue;
          }
        }
        for (const p of blockProblems(blocks)) problems.push(`${method}: ${p}`);
        args[name] = blocks;
      }
    }
    if (typeof args.text === 'string' && args.text.length > 40_000) problems.push(`${method}: text of ${args.text.length} characters (at most 40,000)`);
    return args;
  }

  const fail = (error: string) => ({ ok: false, error });

  /** Each method's own answer, as its page's examples show. */
  function perform(method: string, args: Record<string, any>): any {
    switch (method) {
      case 'chat.postMessage':
      case 'chat.postEphemeral': {
        if (args.text === undefined && args.blocks === undefined) return fail('no_text');
        const channel = channelOf(args.channel);
        if (!channel) return fail('channel_not_found');
        if (method === 'chat.postEphemeral') return { ok: true, message_ts: newTs() };
        if (args.thread_ts !== undefined && !channel.messages.some((m) => m.ts === args.thread_ts && !m.thread_ts)) {
          violations.push(`chat.postMessage: thread_ts ${args.thread_ts} is no message at the top of ${args.channel}`);
        }
        const message: StoredMessage = { channel: args.channel, ts: newTs(), user: BOT_USER, bot_id: BOT_ID, text: args.text ?? '', blocks: args.blocks };
        if (args.thread_ts) message.thread_ts = args.thread_ts;
        channel.messages.push(message);
        const { channel: id, ...shown } = message;
        return { ok: true, channel: id, ts: message.ts, message: { type: 'message', subtype: 'bot_message', ...shown } };
      }
      case 'users.info': {
        const u = users.get(args.user);
        if (!u) return fail('user_not_found');
        return {
          ok: true,
          user: {
            id: u.id,
            team_id: u.team,
            name: u.handle,
            deleted: false,
            real_name: u.realName,
            is_bot: false,
            profile: { real_name: u.realName, display_name: u.handle, ...(u.email ? { email: u.email } : {}) },
          },
        };
      }
      case 'conversations.open': {
        const ids = String(args.users ?? '').split(',').filter(Boolean);
        if (ids.length === 0 && !args.channel) return fail('invalid_arguments');
        if (ids.some((u) => !users.has(u))) return fail('user_not_found');
        const id = `D${ids.join('').slice(1)}`;
        if (!channels.has(id)) channels.set(id, { name: id, messages: [] });
        return { ok: true, channel: { id } };
      }
      case 'conversations.create': {
        const name = String(args.name);
        if (name.length > 80) return fail('invalid_name_maxlength');
        if (!/^[a-z0-9_-]+$/.test(name)) return fail('invalid_name_specials');
        if ([...channels.values()].some((c) => c.name === name)) return fail('name_taken');
        const id = `C${String(channels.size + 1).padStart(8, '0')}`;
        channels.set(id, { name, messages: [] });
        const isPrivate = truthy(args.is_private);
        return {
          ok: true,
          channel: { id, name, is_channel: !isPrivate, is_group: isPrivate, is_im: false, created: Math.floor(now() / 1000), creator: BOT_USER, is_archived: false, is_general: false, is_private: isPrivate, is_member: true },
        };
      }
      case 'conversations.history':
      case 'conversations.replies': {
        const channel = channelOf(args.channel);
        if (!channel) return fail('channel_not_found');
        const inclusive = truthy(args.inclusive);
        const inRange = (m: StoredMessage) =>
          (args.oldest === undefined || (inclusive ? compareTs(m.ts, args.oldest) >= 0 : compareTs(m.ts, args.oldest) > 0)) &&
          (args.latest === undefined || (inclusive ? compareTs(m.ts, args.latest) <= 0 : compareTs(m.ts, args.latest) < 0));
        let found: StoredMessage[];
        if (method === 'conversations.history') {
          // Only what is at the top of the channel; the newest first.
          found = channel.messages.filter((m) => !m.thread_ts || m.thread_ts === m.ts).sort((a, b) => compareTs(b.ts, a.ts));
        } else {
          const asked = channel.messages.find((m) => m.ts === args.ts);
          if (!asked) return fail('thread_not_found');
          const root = asked.thread_ts ?? asked.ts;
          // The thread, the earliest first.
          found = channel.messages.filter((m) => m.ts === root || m.thread_ts === root).sort((a, b) => compareTs(a.ts, b.ts));
        }
        const limit = args.limit === undefined ? (method === 'conversations.history' ? 100 : 1000) : Number(args.limit);
        const picked = found.filter(inRange);
        const shown = picked.slice(0, limit).map(({ channel: _c, ...m }) => ({ type: 'message', ...m }));
        return { ok: true, messages: shown, has_more: picked.length > limit };
      }
      default:
        return fail('unknown_method');
    }
  }

  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path.startsWith('/response/')) {
        let body: any = null;
        try {
          body = JSON.parse(raw);
        } catch {
          violations.push(`response_url: body is not JSON`);
        }
        if (req.method !== 'POST' || !(req.headers['content-type'] ?? '').startsWith('application/json')) violations.push('response_url: must be a JSON POST');
        if (body && !['ephemeral', 'in_channel'].includes(body.response_type)) violations.push(`response_url: response_type ${body.response_type}`);
        if (body?.blocks) for (const p of blockProblems(body.blocks)) violations.push(`response_url: ${p}`);
        responses.push({ path, body, at: now() });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        return;
      }
      const method = path.replace(/^\/api\//, '');
      const spec = METHODS[method];
      const problems: string[] = [];
      if (req.method !== 'POST') problems.push(`${method}: ${req.method}, the client POSTs`);
      const authorization = req.headers.authorization;
      const answer = (status: number, body: any, headers: Record<string, string> = {}) => {
        calls.push({ method, args, authorization, at: now(), status, body });
        violations.push(...problems);
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
      };
      let args: Record<string, any> = {};
      if (!spec) return answer(404, fail('unknown_method'));
      if (authorization !== `Bearer ${options.botToken}`) {
        problems.push(`${method}: Authorization is not the bot token as a Bearer`);
        return answer(200, fail(authorization ? 'invalid_auth' : 'not_authed'));
      }
      const read = readArgs(method, spec, req, raw, problems);
      if (!read) return answer(200, fail('invalid_arguments'));
      args = read;
      if (problems.length > 0) return answer(200, fail('invalid_arguments'));
      const planned = scripted.get(method)?.shift() ?? outages.get(method);
      if (planned && 'status' in planned) {
        if (planned.status === 429) return answer(429, fail('ratelimited'), { 'retry-after': String(planned.retryAfter) });
        return answer(500, { ok: false, error: 'internal_error' });
      }
      if (planned) return answer(200, fail(planned.error));
      answer(200, perform(method, args));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  return {
    url: `${origin}/api/`,
    botToken: options.botToken,
    signingSecret: options.signingSecret,
    calls,
    violations,
    responses,
    addUser: (user) => users.set(user.id, user),
    addChannel: (id, name) => channels.set(id, { name, messages: [] }),
    say(channel, m) {
      const c = channelOf(channel);
      if (!c) throw new Error(`no channel ${channel}`);
      let micros = (m.at % 1000) * 1000;
      let ts = `${Math.floor(m.at / 1000)}.${String(micros).padStart(6, '0')}`;
      while (c.messages.some((x) => x.ts === ts)) ts = `${Math.floor(m.at / 1000)}.${String(++micros).padStart(6, '0')}`;
      c.messages.push({ channel, ts, user: m.user, text: m.text, ...(m.threadTs ? { thread_ts: m.threadTs } : {}) });
      return ts;
    },
    messages: (channel) => channelOf(channel)?.messages ?? [],
    ok: (method) => calls.filter((c) => c.method === method && c.status === 200 && c.body.ok === true),
    script: (method, ...answers) => scripted.set(method, [...(scripted.get(method) ?? []), ...answers]),
    outage: (method, answer) => (answer ? outages.set(method, answer) : outages.delete(method)),
    responseUrl: () => `${origin}/response/T0TEAM/${++responseUrls}/${Math.random().toString(36).slice(2)}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A request as Slack sends it to the app: signed with the signing secret at the clock's time. */
export async function sendAsSlack(
  appUrl: string,
  path: 'commands' | 'interactions' | 'events',
  body: string,
  options: { secret: string; now: number; contentType?: string; headers?: Record<string, string>; signature?: string; timestamp?: string },
): Promise<{ status: number; body: any }> {
  const timestamp = options.timestamp ?? String(Math.floor(options.now / 1000));
  const signature = options.signature ?? `v0=${createHmac('sha256', options.secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const res = await fetch(`${appUrl}/api/integrations/slack/${path}`, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? (path === 'events' ? 'application/json' : 'application/x-www-form-urlencoded'),
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': signature,
      ...options.headers,
    },
    body,
  });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: kept as text
  }
  return { status: res.status, body: parsed };
}

/**
 * The form of `/incident <typed>` by `user` in `channel` (https://api.slack.com/interactivity/slash-commands).
 * Slack escapes &, < and > in what was typed, as in all message text.
 */
export function commandForm(user: StandInUser, channel: string, typed: string, responseUrl: string): string {
  const text = typed.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: user.team,
    team_domain: 'example',
    channel_id: channel,
    channel_name: 'incidents',
    user_id: user.id,
    user_name: user.handle,
    command: '/incident',
    text,
    api_app_id: 'A0APP',
    response_url: responseUrl,
    trigger_id: '1.2.3',
  }).toString();
}

/** A block_actions payload: `user` pressed the button `actionId` with `value` on a bot post. */
export function buttonPress(
  user: StandInUser,
  where: { channel: string; messageTs: string; threadTs?: string },
  action: { actionId: string; value?: string },
  responseUrl: string,
): string {
  const payload = {
    type: 'block_actions',
    team: { id: user.team, domain: 'example' },
    user: { id: user.id, username: user.handle, name: user.handle, team_id: user.team },
    api_app_id: 'A0APP',
    container: { type: 'message', message_ts: where.messageTs, channel_id: where.channel, is_ephemeral: false, ...(where.threadTs ? { thread_ts: where.threadTs } : {}) },
    trigger_id: '1.2.3',
    channel: { id: where.channel, name: 'incidents' },
    message: { type: 'message', ts: where.messageTs, bot_id: BOT_ID, text: '' },
    response_url: responseUrl,
    actions: [{ type: 'button', action_id: action.actionId, block_id: 'b1', ...(action.value === undefined ? {} : { value: action.value }), action_ts: '1.2' }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A message_action payload: `user` used the message shortcut `callbackId` on `message`. */
export function messageShortcut(user: StandInUser, message: StoredMessage, callbackId: string, responseUrl: string): string {
  const { channel, ...shown } = message;
  const payload = {
    type: 'message_action',
    callback_id: callbackId,
    trigger_id: '1.2.3',
    message_ts: message.ts,
    team: { id: user.team, domain: 'example' },
    user: { id: user.id, name: user.handle },
    channel: { id: channel, name: 'incidents' },
    message: { type: 'message', ...shown },
    response_url: responseUrl,
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** An Events API callback: `user` reacted with `reaction` to the message at `ts` in `channel`. */
export function reactionEvent(user: StandInUser, eventId: string, item: { channel: string; ts: string; author: string }, reaction = 'pushpin'): string {
  return JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: user.team,
    api_app_id: 'A0APP',
    event: { type: 'reaction_added', user: user.id, reaction, item_user: item.author, item: { type: 'message', channel: item.channel, ts: item.ts }, event_ts: '1.2' },
    type: 'event_callback',
    event_id: eventId,
    event_time: 1,
  });
}

export const SLACK_SECRET = 'slack-signing-secret-of-the-tests';
export const SLACK_TOKEN = 'xoxb-bot-token-of-the-tests';
/** The announcement channel (SLACK_CHANNEL). */
export const SLACK_CHANNEL = 'C0INCIDENTS';

export interface SlackRoom {
  server: TestServer;
  standIn: SlackStandIn;
  /** The server's log, to wait for what it did (a Slack post it will retry). */
  log: CapturedLog['lines'];
  /** Sends as Slack, signed at the test clock's time. */
  send(path: 'commands' | 'interactions' | 'events', body: string, extra?: { headers?: Record<string, string> }): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** A server with the Slack app on, talking to a fresh stand-in that has the announcement channel. */
export async function startSlackRoom(clock: TestClock, env: Record<string, string> = {}): Promise<SlackRoom> {
  const standIn = await startSlackStandIn({ botToken: SLACK_TOKEN, signingSecret: SLACK_SECRET, clock });
  standIn.addChannel(SLACK_CHANNEL, 'incidents');
  const { logger, lines } = capturingLogger('info');
  const server = await startTestServer(
    {},
    { SLACK_SIGNING_SECRET: SLACK_SECRET, SLACK_BOT_TOKEN: SLACK_TOKEN, SLACK_CHANNEL, SLACK_API_URL: standIn.url, ...env },
    { clock, logger },
  );
  return {
    server,
    standIn,
    log: lines,
    send: (path, body, extra = {}) => sendAsSlack(server.url, path, body, { secret: SLACK_SECRET, now: clock.now(), ...extra }),
    close: async () => {
      await standIn.close();
      await server.close();
    },
  };
}
