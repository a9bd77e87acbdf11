/**
 * A stand-in for Twilio on loopback (issue 19), both ways.
 *
 * As the REST API, it takes what the server creates and checks each request as Twilio's API
 * reference documents it: a POST to /2010-04-01/Accounts/{AccountSid}/Messages.json or
 * Calls.json with the account's SID in the path, HTTP Basic auth of the SID and auth token, a
 * form-encoded body (application/x-www-form-urlencoded) of documented parameters only: for a
 * message To, From and Body (at most 1,600 characters); for a call To, From and exactly one of
 * Url, Twiml (at most 4,000 characters) or ApplicationSid. It answers as Twilio does: 201 with
 * the new resource (its `sid` is SM… or CA… and 32 hex digits), 401 with error 20003 to a wrong
 * sign-in, or, for a number the test chose, 400 with Twilio's error JSON `{ code, message,
 * more_info, status }`. A request that breaks the documented shape is recorded in `violations`,
 * which tests assert empty.
 *
 * As Twilio calling the server, it sends a text's webhook and a Gather's key press with the
 * parameters Twilio documents, signed as "Webhooks security" describes, computed here on its own:
 * base64 of the HMAC-SHA1, keyed with the auth token, of the URL followed by the parameters
 * sorted by name, each name followed by its value.
 */
import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const E164 = /^\+[1-9]\d{6,14}$/;

/** Parameters of "Create a Message" and "Create a Call" (twilio.com/docs/messaging/api/message-resource, /docs/voice/api/call-resource). */
const MESSAGE_PARAMS = new Set(['To', 'From', 'Body', 'MessagingServiceSid', 'MediaUrl', 'StatusCallback', 'ValidityPeriod', 'Attempt', 'ContentSid', 'ShortenUrls']);
const CALL_PARAMS = new Set([
  'To',
  'From',
  'Url',
  'Twiml',
  'ApplicationSid',
  'Method',
  'StatusCallback',
  'StatusCallbackEvent',
  'StatusCallbackMethod',
  'Timeout',
  'MachineDetection',
  'Record',
  'CallerId',
]);

export interface SentText {
  sid: string;
  to: string;
  from: string;
  body: string;
}

export interface PlacedCall {
  sid: string;
  to: string;
  from: string;
  twiml: string;
}

export interface TwilioError {
  code: number;
  message: string;
  status?: number;
}

export interface TwilioStandIn {
  /** TWILIO_API_URL. */
  url: string;
  accountSid: string;
  authToken: string;
  fromNumber: string;
  /** The server's TWILIO_* settings pointing here. */
  env: Record<string, string>;
  texts: SentText[];
  calls: PlacedCall[];
  /** Requests that break the documented shape; every test expects none. */
  violations: string[];
  /** Every request to this number is answered with this error until the stand-in closes. */
  refuse(to: string, error: TwilioError): void;
  close(): Promise<void>;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

export async function startTwilioStandIn(): Promise<TwilioStandIn> {
  const accountSid = `AC${hex(16)}`;
  const authToken = hex(16);
  const fromNumber = '+15005550006';
  const texts: SentText[] = [];
  const calls: PlacedCall[] = [];
  const violations: string[] = [];
  const refused = new Map<string, TwilioError>();

  const answer = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const error = (res: http.ServerResponse, status: number, code: number, message: string) =>
    answer(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const match = /^\/2010-04-01\/Accounts\/([^/]+)\/(Messages|Calls)\.json$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !match) {
        violations.push(`${req.method} ${req.url}: not a documented resource`);
        return error(res, 404, 20404, 'The requested resource was not found');
      }
      const [, sid, resource] = match;
      if (sid !== accountSid) violations.push(`${req.url}: the path names account ${sid}`);
      if (req.headers.authorization !== `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`) {
        violations.push(`${req.url}: not signed in with HTTP Basic of the account SID and auth token`);
        return error(res, 401, 20003, 'Authenticate');
      }
      if (!/^application\/x-www-form-urlencoded(;|$)/.test(req.headers['content-type'] ?? '')) violations.push(`${req.url}: content-type ${req.headers['content-type']}`);
      const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const allowed = resource === 'Messages' ? MESSAGE_PARAMS : CALL_PARAMS;
      for (const name of new Set(params.keys())) {
        if (!allowed.has(name)) violations.push(`${resource}: unknown parameter ${name}`);
        if (params.getAll(name).length > 1 && name !== 'MediaUrl' && name !== 'StatusCallbackEvent') violations.push(`${resource}: ${name} given twice`);
      }
      const to = params.get('To') ?? '';
      const from = params.get('From') ?? '';
      if (!E164.test(to)) violations.push(`${resource}: To ${JSON.stringify(to)} is not E.164`);
      if (from !== fromNumber) violations.push(`${resource}: From ${JSON.stringify(from)} is not the account's number`);
      const refusal = refused.get(to);
      if (refusal) return error(res, refusal.status ?? 400, refusal.code, refusal.message);
      const created = { account_sid: accountSid, api_version: '2010-04-01', date_created: new Date().toUTCString(), from, to, status: 'queued' };
      if (resource === 'Messages') {
        const body = params.get('Body');
        if (body === null || body.length === 0 || body.length > 1600) violations.push(`Messages: Body of ${body?.length ?? 'no'} characters (1-1600)`);
        const text: SentText = { sid: `SM${hex(16)}`, to, from, body: body ?? '' };
        texts.push(text);
        return answer(res, 201, { ...created, sid: text.sid, body: text.body, direction: 'outbound-api', num_segments: String(Math.ceil(text.body.length / 153)), uri: `/2010-04-01/Accounts/${accountSid}/Messages/${text.sid}.json` });
      }
      const given = ['Url', 'Twiml', 'ApplicationSid'].filter((p) => params.has(p));
      if (given.length !== 1) violations.push(`Calls: exactly one of Url, Twiml, ApplicationSid is required (got ${given.join(', ') || 'none'})`);
      const twiml = params.get('Twiml') ?? '';
      if (twiml.length > 4000) violations.push(`Calls: Twiml of ${twiml.length} characters (at most 4000)`);
      if (params.has('Twiml') && !/^(<\?xml[^>]*\?>)?<Response>[\s\S]*<\/Response>$/.test(twiml)) violations.push('Calls: Twiml is not a <Response> document');
      const call: PlacedCall = { sid: `CA${hex(16)}`, to, from, twiml };
      calls.push(call);
      answer(res, 201, { ...created, sid: call.sid, direction: 'outbound-api', uri: `/2010-04-01/Accounts/${accountSid}/Calls/${call.sid}.json` });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    accountSid,
    authToken,
    fromNumber,
    env: { TWILIO_API_URL: url, TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, TWILIO_FROM_NUMBER: fromNumber },
    texts,
    calls,
    violations,
    refuse: (to, e) => refused.set(to, e),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** X-Twilio-Signature, as Twilio's "Webhooks security" page computes it. */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, name) => acc + name + params[name], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}

export interface WebhookAnswer {
  status: number;
  contentType: string | null;
  text: string;
}

/**
 * POSTs a webhook as Twilio does to `appUrl` + `path`, signed over `signedUrl` (the URL Twilio was
 * configured with: PUBLIC_URL + path). `signature` replaces the computed one (null: none sent).
 */
export async function postWebhook(
  target: { appUrl: string; signedUrl: string; authToken: string },
  path: string,
  params: Record<string, string>,
  signature?: string | null,
): Promise<WebhookAnswer> {
  const sig = signature === undefined ? twilioSignature(target.authToken, target.signedUrl + path, params) : signature;
  const res = await fetch(target.appUrl + path, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
      'user-agent': 'TwilioProxy/1.1',
      ...(sig === null ? {} : { 'x-twilio-signature': sig }),
    },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
}

/** The parameters of "A message comes in" for a text from `from` to the account's number. */
export function incomingText(standIn: Pick<TwilioStandIn, 'accountSid' | 'fromNumber'>, from: string, body: string): Record<string, string> {
  const sid = `SM${hex(16)}`;
  return {
    ToCountry: 'US',
    ToState: 'CA',
    SmsMessageSid: sid,
    NumMedia: '0',
    ToCity: '',
    FromZip: '',
    SmsSid: sid,
    FromState: '',
    SmsStatus: 'received',
    FromCity: '',
    Body: body,
    FromCountry: 'GB',
    To: standIn.fromNumber,
    ToZip: '',
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: standIn.accountSid,
    From: from,
    ApiVersion: '2010-04-01',
  };
}

/** The parameters of a Gather's action request on an outbound call. */
export function keyPressed(standIn: Pick<TwilioStandIn, 'accountSid' | 'fromNumber'>, call: { sid: string; to: string }, digits: string): Record<string, string> {
  return {
    AccountSid: standIn.accountSid,
    ApiVersion: '2010-04-01',
    CallSid: call.sid,
    CallStatus: 'in-progress',
    Called: call.to,
    Caller: standIn.fromNumber,
    Digits: digits,
    Direction: 'outbound-api',
    FinishedOnKey: '',
    From: standIn.fromNumber,
    To: call.to,
    msg: 'Gather End',
  };
}
