import { HttpException } from '@nestjs/common';
import type { ApiErrorBody } from '@hearth/contracts';
import { isDomainError } from '@hearth/domain';
import { httpStatusOf } from './error-status';

export interface ErrorResponse {
  readonly status: number;
  readonly body: ApiErrorBody;
  /** Whether this is a fault of ours worth logging with its stack. */
  readonly unexpected: boolean;
}

// Codes of a lost or refused database connection (node-postgres, libpq SQLSTATE classes 08 and
// 57P0x, too many connections): the request may succeed later, so it is a 503, not a 500.
const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);

function isUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && unavailableCodes.has(code)) return true;
    if (
      typeof message === 'string' &&
      /Connection terminated|Driver not Connected|timeout exceeded when trying to connect/i.test(
        message,
      )
    )
      return true;
    current =
      (current as { driverError?: unknown; cause?: unknown }).driverError ??
      (current as { cause?: unknown }).cause;
  }
  return false;
}

function body(
  code: string,
  message: string,
  details?: Readonly<Record<string, unknown>>,
): ApiErrorBody {
  return { error: { code, message, ...(details ? { details: { ...details } } : {}) } };
}

const codeOfStatus: Record<number, string> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** Maps anything thrown while serving a request to the one error shape clients see. */
export function toErrorResponse(error: unknown): ErrorResponse {
  if (isDomainError(error)) {
    return {
      status: httpStatusOf(error.code),
      body: body(error.code, error.message, error.details),
      unexpected: false,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = codeOfStatus[status] ?? (status >= 500 ? 'internal_error' : 'http_error');
    const message =
      status === 404
        ? 'No such resource'
        : status >= 500
          ? 'Something went wrong on our side'
          : error.message;
    return { status, body: body(code, message), unexpected: status >= 500 };
  }
  // body-parser errors carry an HTTP status and a type; none of them is our fault.
  const parserError = error as { status?: unknown; type?: unknown } | null;
  if (
    parserError &&
    typeof parserError.type === 'string' &&
    typeof parserError.status === 'number'
  ) {
    if (parserError.type === 'entity.too.large') {
      return {
        status: 413,
        body: body('payload_too_large', 'The request body is too large'),
        unexpected: false,
      };
    }
    if (parserError.type === 'entity.parse.failed') {
      return {
        status: 400,
        body: body('validation_failed', 'The request body is not valid JSON'),
        unexpected: false,
      };
    }
    if (parserError.status >= 400 && parserError.status < 500) {
      return {
        status: parserError.status,
        body: body(
          codeOfStatus[parserError.status] ?? 'http_error',
          'The request body could not be read',
        ),
        unexpected: false,
      };
    }
  }
  if (isUnavailable(error)) {
    return {
      status: 503,
      body: body('unavailable', 'The service is temporarily unavailable; try again shortly'),
      unexpected: true,
    };
  }
  return {
    status: 500,
    body: body('internal_error', 'Something went wrong on our side'),
    unexpected: true,
  };
}
