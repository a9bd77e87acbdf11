import type { ErrorRequestHandler, Response } from 'express';
import { HTTP_STATUS } from '../../shared/commands.ts';
import type { ErrorCode } from '../../shared/commands.ts';
import { CommandError } from '../commands/CommandError.ts';
import type { Logger } from '../logger.ts';

export function sendError(res: Response, code: ErrorCode, message: string): void {
  res.status(HTTP_STATUS[code]).json({ error: { code, message } });
}

/** Turns every failure into a JSON answer that says why; internals are logged, not shown. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    if (error instanceof CommandError) {
      res.status(HTTP_STATUS[error.code]).json({ error: error.toBody() });
      return;
    }
    const type = (error as { type?: string }).type;
    if (type === 'entity.parse.failed') return sendError(res, 'invalid', `invalid JSON body: ${(error as Error).message}`);
    if (type === 'entity.too.large') {
      res.status(413).json({ error: { code: 'invalid', message: 'request body too large' } });
      return;
    }
    if (type?.startsWith('entity.') || type === 'charset.unsupported' || type === 'encoding.unsupported') {
      return sendError(res, 'invalid', (error as Error).message);
    }
    // The router's and body parser's other refusals carry a 4xx status and no type: a path parameter
    // that is not percent-encoding (URIError), a body that does not inflate. The sender's mistake,
    // answered as such, and no error line in the log for anyone to flood (issue 22).
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return sendError(res, 'invalid', error instanceof URIError ? 'the request path is not valid percent-encoding' : `unreadable request: ${(error as Error).message}`);
    }
    logger.error({ err: error }, 'request failed');
    sendError(res, 'internal', 'internal error');
  };
}
