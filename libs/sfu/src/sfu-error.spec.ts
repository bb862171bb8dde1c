import { SfuError, isSfuError, sfuErrorCodes } from './sfu-error';

describe('SfuError', () => {
  it('carries its code, message and details', () => {
    const error = new SfuError('peer_not_found', 'No such peer', { peerId: 'p-1' });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('peer_not_found');
    expect(error.message).toBe('No such peer');
    expect(error.details).toEqual({ peerId: 'p-1' });
  });

  it('is recognised by isSfuError only with a known code', () => {
    expect(isSfuError(new SfuError('room_closed', 'gone'))).toBe(true);
    expect(isSfuError(new Error('boom'))).toBe(false);
    const lookalike = Object.assign(new Error('x'), { name: 'SfuError', code: 'room_closed' });
    const unknown = Object.assign(new Error('x'), { name: 'SfuError', code: 'teapot' });
    expect(isSfuError(lookalike)).toBe(true);
    expect(isSfuError(unknown)).toBe(false);
  });

  it('has unique codes', () => {
    expect(new Set(sfuErrorCodes).size).toBe(sfuErrorCodes.length);
  });
});
