import type { DeviceOption } from '../call-state';
import type { CallMediaDeps } from './media-types';

export const cameraConstraints = (deviceId: string | null): MediaTrackConstraints => ({
  ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
  width: { ideal: 1280 },
  height: { ideal: 720 },
  frameRate: { ideal: 30 },
});

export const microphoneConstraints = (deviceId: string | null): MediaTrackConstraints => ({
  ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
  echoCancellation: true,
  noiseSuppression: true,
});

type DeviceWord = 'camera' | 'microphone';

/** What went wrong with a camera or microphone, in words for the person, by the DOMException. */
export function describeMediaError(error: unknown, what: DeviceWord): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return `Hearth may not use your ${what}. Allow it in your browser's site settings, then try again.`;
    case 'NotFoundError':
    case 'OverconstrainedError':
      return `No ${what} was found. Check that it is plugged in.`;
    case 'NotReadableError':
    case 'AbortError':
      return `Your ${what} is in use by another program, or could not be started.`;
    default:
      return `Your ${what} could not be started.`;
  }
}

/** The devices of one kind for a picker; unnamed ones (before permission) get a number. */
export function deviceOptions(
  devices: readonly MediaDeviceInfo[],
  kind: MediaDeviceKind,
  name: string,
): DeviceOption[] {
  return devices
    .filter((d) => d.kind === kind && d.deviceId !== '')
    .map((d, i) => ({ id: d.deviceId, label: d.label || `${name} ${i + 1}` }));
}

export const deviceIdOf = (track: MediaStreamTrack): string | null =>
  track.getSettings?.().deviceId ?? null;

export interface Captured {
  readonly microphone?: MediaStreamTrack;
  readonly camera?: MediaStreamTrack;
  /** Why one of them could not be had, or null. */
  readonly problem: string | null;
}

/**
 * Asks for the wanted tracks in one browser prompt; if that fails with both wanted, asks for
 * each alone, so one refused device does not cost the other and the message names the culprit.
 */
export async function captureLocal(
  captureTracks: CallMediaDeps['captureTracks'],
  wanted: { microphone: boolean; camera: boolean },
  ids: { microphoneId: string | null; cameraId: string | null },
): Promise<Captured> {
  const audio = wanted.microphone ? microphoneConstraints(ids.microphoneId) : false;
  const video = wanted.camera ? cameraConstraints(ids.cameraId) : false;
  const got: { microphone?: MediaStreamTrack; camera?: MediaStreamTrack } = {};
  const problems: string[] = [];
  const take = (tracks: MediaStreamTrack[]) => {
    for (const track of tracks) {
      if (track.kind === 'audio') got.microphone = track;
      else if (track.kind === 'video') got.camera = track;
    }
  };
  try {
    take(await captureTracks({ audio, video }));
  } catch (error) {
    if (!(audio && video)) {
      problems.push(describeMediaError(error, audio ? 'microphone' : 'camera'));
    } else {
      for (const [kind, constraints] of [
        ['microphone', { audio, video: false }],
        ['camera', { audio: false, video }],
      ] as const) {
        try {
          take(await captureTracks(constraints));
        } catch (alone) {
          problems.push(describeMediaError(alone, kind));
        }
      }
    }
  }
  return { ...got, problem: problems.length > 0 ? problems.join(' ') : null };
}
