import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import type { JsonLogger } from '../logging/json-logger';
import { toErrorResponse } from './error-response';

/** The single exception filter: every HTTP error leaves as `{ error: { code, message, details } }`. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: JsonLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const res = host.switchToHttp().getResponse<Response>();
    const { status, body, unexpected } = toErrorResponse(exception);
    if (unexpected) {
      const error = exception instanceof Error ? exception : new Error(String(exception));
      // The message of a database error may quote values; log its class and code, not its text.
      const code = (exception as { code?: unknown }).code;
      this.logger.event(
        'error',
        'request failed',
        {
          errorClass: error.constructor.name,
          errorCode: typeof code === 'string' ? code : undefined,
          status,
          stack: error.stack?.split('\n').slice(1, 8).join('\n'),
        },
        'http',
      );
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    const retryAfter = body.error.details?.retryAfterSeconds;
    if (status === 429 && typeof retryAfter === 'number')
      res.setHeader('Retry-After', String(retryAfter));
    res.status(status).json(body);
  }
}
