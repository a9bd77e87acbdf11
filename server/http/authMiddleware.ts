import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Principal } from '../../shared/access.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { authenticateRequest } from '../auth/authenticateRequest.ts';
import { sendError } from './errors.ts';
import { requestTarget } from './requestTarget.ts';

/** Resolves the caller into res.locals.principal, or answers 401/403 with the reason. */
export function requirePrincipal(auth: Authenticator, allowedOrigins: readonly string[], now: () => number): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    // The sender's bytes: a target `new URL` rejects is their error, not the server's (issue 11).
    const url = requestTarget(req.originalUrl);
    if (!url) return sendError(res, 'invalid', 'malformed request URL');
    const result = await authenticateRequest(req, url, auth, allowedOrigins, now());
    if ('error' in result) {
      sendError(res, result.error.startsWith('origin') ? 'forbidden' : 'unauthorized', result.error);
      return;
    }
    res.locals.principal = result.principal;
    next();
  };
}

export function principalOf(res: Response): Principal {
  return res.locals.principal as Principal;
}
