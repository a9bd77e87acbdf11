/**
 * Twilio's requests to the server (issue 19), mounted at /api/integrations/twilio before sign-in:
 * replies to texts (`/sms`, the number's "A message comes in" webhook) and key presses during a
 * page's call (`/voice`, the Gather's action). Each is verified as Twilio documents, over
 * PUBLIC_URL and the path (the URL Twilio was given), before anything is read from it; a request
 * that fails is answered 403, changes nothing and leaves a line in the audit trail (rate-limited
 * per address by the AuditRecorder). Answers are TwiML.
 */
import express, { Router } from 'express';
import type { Request, Response } from 'express';
import type { AuditRecorder } from '../../audit/AuditRecorder.ts';
import type { TwilioSettings } from './env.ts';
import type { PhoneDoor } from './phoneDoor.ts';
import { TEXT_HELP, keyReply, textReply } from './presenters/replies.ts';
import { emptyReply, gather, messageReply, sayReply } from './presenters/twiml.ts';
import { SIGNATURE_HEADER, verifyTwilioSignature } from './requestSignature.ts';

/** Where Twilio posts key presses: the Gather of every page call names it. */
export const VOICE_HOOK_PATH = '/api/integrations/twilio/voice';

/** "ack", any case, or "1" (as on the keypad): everything else gets the help text. */
const ACK_TEXT = /^\s*(ack|1)\s*$/i;
/** Twilio handles these itself (opt-out and help, on long codes): no answer of ours on top. */
const TWILIO_KEYWORDS = /^\s*(stop|stopall|unsubscribe|cancel|end|quit|start|yes|unstop|help|info)\s*$/i;

export interface TwilioHookDeps {
  settings: TwilioSettings;
  door: PhoneDoor;
  audit: AuditRecorder;
  publicUrl: string;
  maxBodyBytes: number;
  now: () => number;
}

export function twilioHooks(deps: TwilioHookDeps): Router {
  const router = Router();
  router.use(express.raw({ type: 'application/x-www-form-urlencoded', limit: deps.maxBodyBytes, inflate: false }));

  /** The request's parameters once Twilio's signature over them holds; null (answered 403) otherwise. */
  const verified = async (req: Request, res: Response): Promise<URLSearchParams | null> => {
    const params = new URLSearchParams(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '');
    const header = req.headers[SIGNATURE_HEADER];
    const verdict = verifyTwilioSignature(deps.settings.authToken, deps.publicUrl + req.originalUrl, params, Array.isArray(header) ? undefined : header);
    if (verdict.ok) return params;
    await deps.audit.record({
      at: deps.now(),
      userId: null,
      source: req.socket.remoteAddress ?? 'unknown',
      action: 'twilio.refused',
      target: req.path,
      detail: `${verdict.why} X-Twilio-Signature`,
    });
    res.status(403).type('text/plain').send('not a request from Twilio');
    return null;
  };

  const twiml = (res: Response, body: string) => res.type('text/xml').send(body);

  router.post('/sms', async (req, res) => {
    const params = await verified(req, res);
    if (!params) return;
    const body = params.get('Body') ?? '';
    if (TWILIO_KEYWORDS.test(body)) return twiml(res, emptyReply());
    if (!ACK_TEXT.test(body)) return twiml(res, messageReply(TEXT_HELP));
    const reply = textReply(await deps.door.textAck(params.get('From') ?? '', params.get('MessageSid') ?? params.get('SmsSid') ?? ''));
    twiml(res, reply === null ? emptyReply() : messageReply(reply));
  });

  router.post('/voice', async (req, res) => {
    const params = await verified(req, res);
    if (!params) return;
    if (params.get('Digits') !== '1') return twiml(res, gather(deps.publicUrl + VOICE_HOOK_PATH, 'Press 1 to acknowledge.'));
    const reply = keyReply(await deps.door.keyAck(params.get('CallSid') ?? '', params.get('To') ?? ''));
    twiml(res, reply === null ? emptyReply() : sayReply(reply));
  });

  router.use((_req, res) => res.status(404).type('text/plain').send('no such Twilio endpoint'));
  return router;
}
