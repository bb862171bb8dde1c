import { DomainError, domainErrorCodes, isDomainError } from './domain-error';

describe('DomainError', () => {
  it('carries its code, message and details', () => {
    const error = new DomainError('conflict', 'The therapist is already booked', {
      conflictingSessionId: 's-1',
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('conflict');
    expect(error.message).toBe('The therapist is already booked');
    expect(error.details).toEqual({ conflictingSessionId: 's-1' });
  });

  it('is recognised by isDomainError, and plain errors are not', () => {
    expect(isDomainError(new DomainError('not_found', 'No such course'))).toBe(true);
    expect(isDomainError(new Error('boom'))).toBe(false);
    expect(isDomainError({ code: 'not_found', message: 'x' })).toBe(false);
  });

  it('recognises an error shaped like a DomainError only when its code is known', () => {
    const lookalike = Object.assign(new Error('x'), { name: 'DomainError', code: 'not_found' });
    const unknownCode = Object.assign(new Error('x'), { name: 'DomainError', code: 'teapot' });
    expect(isDomainError(lookalike)).toBe(true);
    expect(isDomainError(unknownCode)).toBe(false);
  });

  it('has unique codes', () => {
    expect(new Set(domainErrorCodes).size).toBe(domainErrorCodes.length);
  });
});
