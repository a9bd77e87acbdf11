/**
 * Slack's requests to the app, mounted at /api/integrations/slack before any body parser or
 * sign-in: the signature covers the raw bytes, so they are read here, verified, and only then
 * parsed. A refused request is answered 401 and changes nothing.
 */
import express, { Router } from 'express';
import type { NextFunction, Request, Response } from 'express';
import { sendError } from '../../http/errors.ts';
import { onEvent } from './events.ts';
import type { HookDeps } from './hookDeps.ts';
import { onInteraction } from './interactions.ts';
import { onSlashCommand } from './slashCommand.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySlackSignature } from './verifySignature.ts';

const rawOf = (req: Request) => (Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
const header = (req: Request, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? undefined : value;
};

export function slackHooks(deps: HookDeps, maxBodyBytes: number): Router {
  const router = Router();
  // Slack sends forms and JSON; both are verified as bytes first. Compressed bodies are not Slack's.
  router.use(express.raw({ type: () => true, limit: maxBodyBytes, inflate: false }));
  router.use((req: Request, res: Response, next: NextFunction) => {
    const verdict = verifySlackSignature(
      deps.settings.signingSecret,
      { signature: header(req, SIGNATURE_HEADER), timestamp: header(req, TIMESTAMP_HEADER) },
      rawOf(req),
      deps.now(),
    );
    if (!verdict.ok) return sendError(res, 'unauthorized', `not a request from Slack (${verdict.why} signature)`);
    next();
  });
  router.post('/commands', (req, res) => onSlashCommand(deps, rawOf(req), res));
  router.post('/interactions', (req, res) => onInteraction(deps, rawOf(req), res));
  router.post('/events', (req, res) => onEvent(deps, rawOf(req), res));
  router.use((_req, res) => sendError(res, 'not_found', 'no such Slack endpoint'));
  return router;
}
