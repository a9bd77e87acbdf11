/**
 * A stand-in for a Teams Workflows incoming webhook on 127.0.0.1 (issue 14): the URL a flow
 * with the "When a Teams webhook request is received" trigger shows. Each request is checked
 * against what Microsoft documents for that trigger and for Adaptive Cards:
 *
 * - a POST of JSON to the trigger's URL, signature included, with no Authorization header (a
 *   flow anyone may trigger fails requests that carry one), at most 28 KB (Teams' message limit);
 * - `{type: "message", attachments: [...]}`, each attachment with contentType
 *   `application/vnd.microsoft.card.adaptive`, `contentUrl: null` and the card as `content`;
 * - the card: type AdaptiveCard, a version no newer than the stand-in accepts (1.4 unless told),
 *   the documented $schema, body elements of known types no newer than the card's version with
 *   their required properties (TextBlock text, FactSet facts with title and value…) and
 *   documented values (colours, sizes, weights), and actions a Workflows post can carry:
 *   Action.OpenUrl with a title and an absolute http(s) URL (a submit has nobody to go to).
 *
 * A request that breaks the shape is recorded as a violation. It answers as the trigger does:
 * 202 Accepted with no body; or, on demand, 429 with Retry-After or 500.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { isHttpUrl, isObject, startIncomingWebhookStandIn } from './incomingWebhookStandIn.ts';
import type { IncomingWebhookStandIn } from './incomingWebhookStandIn.ts';

export interface TeamsStandIn extends IncomingWebhookStandIn {
  webhookUrl: string;
  /** The Adaptive Cards the flow took (answered 202), in order. */
  cards(): any[];
}

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
const MAX_BYTES = 28 * 1024;
/** Each element type and the card version that introduced it. */
const ELEMENTS: Record<string, number> = { TextBlock: 1.0, Image: 1.0, Container: 1.0, ColumnSet: 1.0, FactSet: 1.0, ImageSet: 1.0, ActionSet: 1.2, RichTextBlock: 1.2, Table: 1.5 };
const ACTIONS: Record<string, number> = { 'Action.OpenUrl': 1.0, 'Action.ShowCard': 1.0, 'Action.ToggleVisibility': 1.2 };
const TEXT_COLORS = ['default', 'dark', 'light', 'accent', 'good', 'warning', 'attention'];
const TEXT_SIZES = ['default', 'small', 'medium', 'large', 'extralarge'];
const TEXT_WEIGHTS = ['default', 'lighter', 'bolder'];

const oneOf = (v: unknown, allowed: string[]) => v === undefined || (typeof v === 'string' && allowed.includes(v.toLowerCase()));

function messageProblems(body: unknown, maxVersion: number): string[] {
  if (!isObject(body)) return ['the body is not a JSON object'];
  const problems: string[] = [];
  if (body.type !== 'message') problems.push('type must be "message"');
  if (!Array.isArray(body.attachments) || body.attachments.length === 0) return [...problems, 'attachments must be a non-empty array'];
  body.attachments.forEach((a: unknown, i: number) => {
    const at = `attachments[${i}]`;
    if (!isObject(a)) return problems.push(`${at} is not an object`);
    if (a.contentType !== ADAPTIVE_CARD) problems.push(`${at}.contentType must be ${ADAPTIVE_CARD}`);
    if (!('contentUrl' in a) || a.contentUrl !== null) problems.push(`${at}.contentUrl must be null`);
    problems.push(...cardProblems(a.content, maxVersion, `${at}.content`));
  });
  return problems;
}

function cardProblems(card: unknown, maxVersion: number, at: string): string[] {
  if (!isObject(card)) return [`${at} must be an Adaptive Card object`];
  const problems: string[] = [];
  if (card.type !== 'AdaptiveCard') problems.push(`${at}.type must be AdaptiveCard`);
  if (card.$schema !== undefined && card.$schema !== SCHEMA) problems.push(`${at}.$schema must be ${SCHEMA}`);
  const version = typeof card.version === 'string' && /^1\.\d$/.test(card.version) ? Number(card.version) : NaN;
  if (Number.isNaN(version)) return [...problems, `${at}.version must be "1.x"`];
  if (version > maxVersion) problems.push(`${at}.version ${card.version} is newer than ${maxVersion.toFixed(1)}`);
  if (card.body !== undefined) problems.push(...elementsProblems(card.body, version, `${at}.body`));
  if (card.actions !== undefined) problems.push(...actionsProblems(card.actions, version, `${at}.actions`));
  return problems;
}

function elementsProblems(elements: unknown, version: number, at: string): string[] {
  if (!Array.isArray(elements)) return [`${at} must be an array`];
  return elements.flatMap((e: unknown, i: number) => {
    const where = `${at}[${i}]`;
    if (!isObject(e) || typeof e.type !== 'string' || !(e.type in ELEMENTS)) return [`${where} is not a known element`];
    const problems = ELEMENTS[e.type]! > version ? [`${where}: ${e.type} needs card version ${ELEMENTS[e.type]!.toFixed(1)}`] : [];
    switch (e.type) {
      case 'TextBlock':
        if (typeof e.text !== 'string') problems.push(`${where}.text is required`);
        if (e.wrap !== undefined && typeof e.wrap !== 'boolean') problems.push(`${where}.wrap must be a boolean`);
        if (e.isSubtle !== undefined && typeof e.isSubtle !== 'boolean') problems.push(`${where}.isSubtle must be a boolean`);
        if (!oneOf(e.color, TEXT_COLORS) || !oneOf(e.size, TEXT_SIZES) || !oneOf(e.weight, TEXT_WEIGHTS)) problems.push(`${where} has an undocumented color, size or weight`);
        break;
      case 'FactSet':
        if (!Array.isArray(e.facts) || e.facts.length === 0) problems.push(`${where}.facts must be a non-empty array`);
        else if (!e.facts.every((f: unknown) => isObject(f) && typeof f.title === 'string' && typeof f.value === 'string')) problems.push(`${where}: each fact needs a string title and value`);
        break;
      case 'Container':
        problems.push(...elementsProblems(e.items, version, `${where}.items`));
        break;
      case 'ColumnSet':
        if (e.columns !== undefined && !Array.isArray(e.columns)) problems.push(`${where}.columns must be an array`);
        else for (const [j, c] of ((e.columns as unknown[]) ?? []).entries()) problems.push(...elementsProblems(isObject(c) ? c.items : undefined, version, `${where}.columns[${j}].items`));
        break;
      case 'ActionSet':
        problems.push(...actionsProblems(e.actions, version, `${where}.actions`));
        break;
      default:
        break;
    }
    return problems;
  });
}

function actionsProblems(actions: unknown, version: number, at: string): string[] {
  if (!Array.isArray(actions)) return [`${at} must be an array`];
  return actions.flatMap((a: unknown, i: number) => {
    const where = `${at}[${i}]`;
    if (!isObject(a) || typeof a.type !== 'string') return [`${where} is not an action`];
    if (!(a.type in ACTIONS)) return [`${where}: ${a.type} cannot be answered from a Workflows post`];
    const problems = ACTIONS[a.type]! > version ? [`${where}: ${a.type} needs card version ${ACTIONS[a.type]!.toFixed(1)}`] : [];
    if (typeof a.title !== 'string' || a.title === '') problems.push(`${where}.title is required`);
    if (a.type === 'Action.OpenUrl' && !isHttpUrl(a.url)) problems.push(`${where}.url must be an absolute http(s) URL`);
    return problems;
  });
}

export async function startTeamsStandIn(options: { now?: () => number; maxCardVersion?: number } = {}): Promise<TeamsStandIn> {
  const maxVersion = options.maxCardVersion ?? 1.4;
  const flowPath = `/workflows/${randomBytes(16).toString('hex')}/triggers/manual/paths/invoke`;
  const signature = randomBytes(24).toString('base64url');
  const requestProblems = (url: URL, headers: IncomingHttpHeaders, bytes: number): string[] => {
    const problems: string[] = [];
    if (url.pathname !== flowPath || url.searchParams.get('sig') !== signature) problems.push('not the flow trigger URL');
    if (headers.authorization !== undefined) problems.push('an Authorization header fails a flow anyone may trigger');
    if (bytes > MAX_BYTES) problems.push(`${bytes} bytes is over Teams' 28 KB message limit`);
    return problems;
  };
  const standIn = await startIncomingWebhookStandIn(
    {
      requestProblems,
      bodyProblems: (body) => messageProblems(body, maxVersion),
      accepted: { status: 202 },
      refusal: '{"error":{"code":"StandInRefusal"}}',
    },
    options,
  );
  return {
    ...standIn,
    webhookUrl: `${standIn.origin}${flowPath}?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${signature}`,
    cards: () => standIn.taken().map((message) => message.attachments[0].content),
  };
}

/** The TextBlocks' texts of a card, top to bottom. */
export const textBlocks = (card: any): string[] => card.body.filter((e: any) => e.type === 'TextBlock').map((e: any) => e.text);
