import { describe, expect, it } from 'vitest';
import { captureLocal, describeMediaError, deviceOptions } from './local-media';

const track = (kind: string) => ({ kind }) as MediaStreamTrack;

describe('local media', () => {
  it('names the device and the fix in what went wrong', () => {
    expect(describeMediaError(new DOMException('x', 'NotFoundError'), 'camera')).toBe(
      'No camera was found. Check that it is plugged in and switched on, then try again.',
    );
    expect(describeMediaError(new DOMException('x', 'NotReadableError'), 'microphone')).toBe(
      'Your microphone is being used by another app, such as another video call. Close that app (or its browser tab), then try again.',
    );
    expect(describeMediaError(new Error('odd'), 'camera')).toBe(
      'Your camera could not be started. Check that it works in another app, then try again.',
    );
  });

  it('lists devices of one kind, numbering those without a name', () => {
    const devices = [
      { kind: 'videoinput', deviceId: 'c1', label: '' },
      { kind: 'audioinput', deviceId: 'm1', label: 'Headset' },
      { kind: 'videoinput', deviceId: '', label: '' },
    ] as MediaDeviceInfo[];
    expect(deviceOptions(devices, 'videoinput', 'Camera')).toEqual([
      { id: 'c1', label: 'Camera 1' },
    ]);
  });

  it('asks once for both, and for each alone when that fails', async () => {
    const asked: MediaStreamConstraints[] = [];
    const got = await captureLocal(
      async (constraints) => {
        asked.push(constraints);
        if (constraints.video) throw new DOMException('no', 'NotAllowedError');
        return [track('audio')];
      },
      { microphone: true, camera: true },
      { microphoneId: 'm1', cameraId: null },
    );
    expect(asked).toHaveLength(3);
    expect(asked[0]?.audio).toMatchObject({ deviceId: { exact: 'm1' }, echoCancellation: true });
    expect(got.microphone?.kind).toBe('audio');
    expect(got.camera).toBeUndefined();
    expect(got.problem).toContain('Hearth is not allowed to use your camera.');
  });
});
