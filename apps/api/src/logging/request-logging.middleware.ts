import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { JsonLogger } from './json-logger';
import { requestContext } from './request-context';

// An id from a trusted proxy is kept only if it looks like an id, so nothing a client sends can
// smuggle text into the log.
const inboundId = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Gives every request an id (echoed as X-Request-Id) and logs one line when it finishes: method,
 * the matched route pattern (never the raw URL, whose query may hold tokens), status and duration.
 */
export function requestLogging(logger: JsonLogger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.header('x-request-id');
    const requestId = header && inboundId.test(header) ? header : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const route = (req.route as { path?: string } | undefined)?.path;
      const level = res.statusCode >= 500 ? 'error' : 'info';
      logger.event(
        level,
        'request',
        {
          requestId,
          method: req.method,
          route: route ? `${req.baseUrl}${route}` : '(unmatched)',
          status: res.statusCode,
          durationMs: Math.round(durationMs * 10) / 10,
        },
        'http',
      );
    });
    requestContext.run({ requestId }, next);
  };
}
