import type { DeviceOption } from '../call-state';
import { describeDeviceError, logMediaError } from './media-errors';
import type { CallMediaDeps } from './media-types';

export const cameraConstraints = (deviceId: string | null): MediaTrackConstraints => ({
  ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
  width: { ideal: 1280 },
  height: { ideal: 720 },
  frameRate: { ideal: 30 },
});

/**
 * Echo cancellation and gain control always (calls are mostly on laptop speakers). The browser's
 * own noise suppression only when Hearth's is not running: two suppressors in a row thin speech.
 */
export const microphoneConstraints = (
  deviceId: string | null,
  denoised = false,
): MediaTrackConstraints => ({
  ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
  echoCancellation: true,
  autoGainControl: true,
  noiseSuppression: !denoised,
});

/** What went wrong with a camera or microphone, in words for the person (and the console). */
export function describeMediaError(error: unknown, what: 'camera' | 'microphone'): string {
  logMediaError(`${what} capture`, error);
  return describeDeviceError(error, what);
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
  denoised = false,
): Promise<Captured> {
  const audio = wanted.microphone ? microphoneConstraints(ids.microphoneId, denoised) : false;
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
