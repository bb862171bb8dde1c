import { NotFoundException } from '@nestjs/common';
import { DomainError, domainErrorCodes } from '@hearth/domain';
import { QueryFailedError } from 'typeorm';
import { toErrorResponse } from './error-response';
import { httpStatusOf } from './error-status';

describe('toErrorResponse', () => {
  it('gives every domain error code a client error or 503 status', () => {
    for (const code of domainErrorCodes) {
      const status = httpStatusOf(code);
      expect(status === 503 || (status >= 400 && status < 500)).toBe(true);
      const response = toErrorResponse(new DomainError(code, 'm'));
      expect(response).toEqual({
        status,
        body: { error: { code, message: 'm' } },
        unexpected: false,
      });
    }
  });

  it('keeps the details of a domain error', () => {
    const { body } = toErrorResponse(new DomainError('conflict', 'Booked', { sessionId: 's1' }));
    expect(body.error.details).toEqual({ sessionId: 's1' });
  });

  it('answers a Nest 404 in the same shape', () => {
    expect(toErrorResponse(new NotFoundException('Cannot GET /x'))).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'No such resource' } },
      unexpected: false,
    });
  });

  it('treats a lost database connection as temporarily unavailable', () => {
    const driverError = Object.assign(
      new Error('terminating connection due to administrator command'),
      {
        code: '57P01',
      },
    );
    const error = new QueryFailedError('SELECT 1', [], driverError);
    expect(toErrorResponse(error).status).toBe(503);
    expect(
      toErrorResponse(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })).body.error
        .code,
    ).toBe('unavailable');
  });

  it('hides the message of anything unexpected', () => {
    const response = toErrorResponse(
      new Error('column "email" of relation "person" contains alice@example.org'),
    );
    expect(response.status).toBe(500);
    expect(JSON.stringify(response.body)).not.toContain('alice');
    expect(response.unexpected).toBe(true);
  });

  it('maps body-parser failures to 400 and 413', () => {
    expect(toErrorResponse({ type: 'entity.parse.failed', status: 400 }).status).toBe(400);
    expect(toErrorResponse({ type: 'entity.too.large', status: 413 }).body.error.code).toBe(
      'payload_too_large',
    );
  });
});
