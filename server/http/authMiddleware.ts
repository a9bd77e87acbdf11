import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Principal } from '../../shared/access.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { authenticateRequest } from '../auth/authenticateRequest.ts';
import { sendError } from './errors.ts';

/** Resolves the caller into res.locals.principal, or answers 401/403 with the reason. */
export function requirePrincipal(auth: Authenticator, allowedOrigins: readonly string[], now: () => number): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const url = new URL(req.originalUrl, 'http://localhost');
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
