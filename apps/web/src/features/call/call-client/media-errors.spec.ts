import { afterEach, describe, expect, it, vi } from 'vitest';
import { LiveRequestError } from './live-connection';
import { commandFailure } from './call-errors';
import {
  describeDeviceError,
  describeMediaFailure,
  E2EE_UNSUPPORTED,
  networkBlocksMedia,
} from './media-errors';

const raw = (name: string, message: string) => Object.assign(new Error(message), { name });

describe('media errors in plain words', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('names the device, the cause and the fix for getUserMedia failures', () => {
    expect(
      describeDeviceError(raw('NotReadableError', 'Could not start video source'), 'camera'),
    ).toBe(
      'Your camera is being used by another app, such as another video call. Close that app (or its browser tab), then try again.',
    );
    expect(
      describeDeviceError(raw('NotAllowedError', 'Permission denied'), 'microphone'),
    ).toContain('allow the microphone for this site');
    expect(describeDeviceError(raw('NotFoundError', 'Requested device not found'), 'camera')).toBe(
      'No camera was found. Check that it is plugged in and switched on, then try again.',
    );
    expect(describeDeviceError(raw('OverconstrainedError', ''), 'camera')).toContain(
      'no longer available',
    );
  });

  it('never passes SDP or ICE text through', () => {
    const sdp = raw(
      'OperationError',
      'Failed to execute setRemoteDescription: Failed to set remote answer sdp: Called in wrong state: stable',
    );
    const problems = [
      describeMediaFailure(sdp),
      describeMediaFailure(raw('Error', 'ICE connection failed')),
      describeMediaFailure(raw('UnsupportedError', 'device not supported')),
      describeMediaFailure(
        new LiveRequestError('timeout', 'No answer to media:capabilities in time'),
      ),
    ];
    for (const p of problems) {
      const words = `${p.summary} ${p.advice}`;
      expect(words).not.toMatch(/\bsdp\b|setRemoteDescription|media:|\bICE\b|\bstable\b/i);
    }
    expect(problems[1]).toBe(networkBlocksMedia);
    expect(problems[1]?.advice).toContain('another network');
    expect(problems[2]?.summary).toBe('This browser cannot take part in video sessions.');
  });

  it('says when an end-to-end encrypted session meets a browser that cannot encrypt', () => {
    const problem = describeMediaFailure(raw(E2EE_UNSUPPORTED, 'no frame access'));
    // "This browser…": the call does not try again by itself, it would fail the same way.
    expect(problem.summary).toBe(
      'This browser cannot encrypt calls, and this session is end-to-end encrypted.',
    );
    expect(problem.advice).toMatch(/current Chrome/);
  });

  it('keeps the server’s words for a refused command, and logs anything else', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const forbidden = new LiveRequestError('forbidden', 'Only therapists may do that');
    expect(commandFailure('Could not mute them', forbidden)).toBe(
      'Could not mute them: Only therapists may do that',
    );
    expect(commandFailure('Could not share your screen', raw('InvalidStateError', 'closed'))).toBe(
      'Could not share your screen. Please try again.',
    );
    expect(warn).toHaveBeenCalledWith('[call] call:', 'InvalidStateError', 'closed');
  });
});
