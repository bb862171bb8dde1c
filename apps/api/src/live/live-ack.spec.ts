import { DomainError } from '@hearth/domain';
import { SfuError } from '@hearth/sfu';
import { toAckError } from './live-ack';

describe('toAckError', () => {
  it('passes on the code and message of a refusal', () => {
    expect(toAckError(new DomainError('forbidden', 'Not yours'))).toEqual({
      error: { code: 'forbidden', message: 'Not yours' },
      unexpected: false,
    });
    expect(toAckError(new SfuError('invalid_request', 'Bad DTLS parameters'))).toEqual({
      error: { code: 'validation_failed', message: 'Bad DTLS parameters' },
      unexpected: false,
    });
  });

  it('flags a TypeError as a failure of ours, without its message', () => {
    const answer = toAckError(new TypeError("Cannot read properties of undefined (reading 'id')"));
    expect(answer).toEqual({
      error: { code: 'unavailable', message: 'Something went wrong; please try again' },
      unexpected: true,
    });
  });
});
