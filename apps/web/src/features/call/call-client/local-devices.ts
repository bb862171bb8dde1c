import type { CallPreferences } from './audio-only';
import type { CallStore } from './call-store';
import { logMediaError } from './media-errors';
import { captureLocal, deviceIdOf, deviceOptions, type Captured } from './local-media';
import type { CallMediaDeps } from './media-types';
import type { MediaSession } from './media-session';

export interface LocalDevicesDeps extends Pick<
  CallMediaDeps,
  'captureTracks' | 'enumerateDevices' | 'noiseSuppressor'
> {
  readonly store: CallStore;
  readonly media: MediaSession;
  readonly preferences: CallPreferences;
  /** Changes when the client is disposed; a capture that outlives it is stopped. */
  generation(): number;
}

/** One's own camera and microphone: the preview, the pickers, and switching devices. */
export interface LocalDevices {
  /** Turns the camera and microphone on for the preview and lists the devices. */
  startPreview(): Promise<void>;
  refreshDevices(): Promise<void>;
  selectMicrophone(deviceId: string): Promise<void>;
  selectCamera(deviceId: string): Promise<void>;
  /** Captures through the browser, unless the client was disposed meanwhile. */
  capture(wanted: { microphone: boolean; camera: boolean }): Promise<Captured>;
  adoptMicrophone(track: MediaStreamTrack): void;
  adoptCamera(track: MediaStreamTrack): void;
  /** Stops the camera, microphone and shared screen (the lights go out). */
  stopAll(): void;
  /** Takes the device's noise-suppression choice into the call's state. */
  loadChoices(): void;
  /** Turns noise suppression on or off (remembered on this device), for the sent track too. */
  setNoiseSuppression(enabled: boolean): Promise<void>;
}

const noiseUnavailable =
  'Noise suppression cannot run in this browser, so your microphone is sent as it is.';

export function createLocalDevices(deps: LocalDevicesDeps): LocalDevices {
  const { store, media, noiseSuppressor } = deps;
  const stopMicrophone = (track: MediaStreamTrack | null | undefined) => {
    if (!track) return;
    if (noiseSuppressor) noiseSuppressor.stop(track);
    else track.stop();
  };

  /** Whether the next microphone goes through the suppressor (it loads on first use). */
  async function denoising(): Promise<boolean> {
    if (!noiseSuppressor || !store.state.local.noiseSuppression) return false;
    if (await noiseSuppressor.load()) return true;
    store.setLocal({ noiseProblem: noiseUnavailable });
    return false;
  }

  /** The track to send for a raw microphone: through the suppressor, or raw if it fails. */
  async function processMicrophone(raw: MediaStreamTrack): Promise<MediaStreamTrack> {
    try {
      const track = await noiseSuppressor!.apply(raw);
      store.setLocal({ noiseProblem: null });
      return track;
    } catch (error) {
      logMediaError('noise suppression', error);
      store.setLocal({ noiseProblem: noiseUnavailable });
      // It was captured without the browser's own suppression, which is better than none.
      await raw.applyConstraints({ noiseSuppression: true }).catch(() => undefined);
      return raw;
    }
  }

  async function refreshDevices() {
    try {
      const devices = await deps.enumerateDevices();
      store.setLocal({
        microphones: deviceOptions(devices, 'audioinput', 'Microphone'),
        cameras: deviceOptions(devices, 'videoinput', 'Camera'),
      });
    } catch {
      // Without the list the pickers stay empty and the default devices are used.
    }
  }

  async function capture(wanted: { microphone: boolean; camera: boolean }): Promise<Captured> {
    const startedIn = deps.generation();
    const denoised = wanted.microphone && (await denoising());
    let got = await captureLocal(deps.captureTracks, wanted, store.state.local, denoised);
    if (denoised && got.microphone)
      got = { ...got, microphone: await processMicrophone(got.microphone) };
    if (startedIn !== deps.generation()) {
      // Disposed meanwhile (the page closed): nobody will show these tracks.
      stopMicrophone(got.microphone);
      got.camera?.stop();
      return { problem: null };
    }
    return got;
  }

  function adoptMicrophone(track: MediaStreamTrack) {
    stopMicrophone(store.state.local.microphone);
    // Before joining, a muted microphone still feeds the meter at zero.
    if (!media.producer('microphone')) track.enabled = store.state.local.microphoneOn;
    store.setLocal({
      microphone: track,
      microphoneId:
        deviceIdOf(noiseSuppressor?.rawOf(track) ?? track) ?? store.state.local.microphoneId,
    });
    // Joined before the microphone was ready: it goes out now.
    media.offerOwn('microphone');
  }

  function adoptCamera(track: MediaStreamTrack) {
    store.state.local.camera?.stop();
    store.setLocal({ camera: track, cameraId: deviceIdOf(track) ?? store.state.local.cameraId });
    // Joined before the camera was ready: it goes out now.
    media.offerOwn('camera');
  }

  function stopAll() {
    const { microphone, camera, screen } = store.state.local;
    stopMicrophone(microphone);
    camera?.stop();
    screen?.stop();
    store.setLocal({ microphone: null, camera: null, screen: null });
  }

  async function startPreview() {
    const { microphoneOn, cameraOn } = store.state.local;
    const wanted = {
      microphone: store.state.local.microphone === null,
      camera: cameraOn && store.state.local.camera === null,
    };
    if (wanted.microphone || wanted.camera) {
      const got = await capture(wanted);
      if (got.microphone) adoptMicrophone(got.microphone);
      if (got.camera) adoptCamera(got.camera);
      store.setLocal({ problem: got.problem });
    }
    // Labels are only listed once the page may use a device.
    await refreshDevices();
    if (!microphoneOn && store.state.local.microphone) {
      store.state.local.microphone.enabled = false;
    }
  }

  async function selectMicrophone(deviceId: string) {
    store.setLocal({ microphoneId: deviceId });
    await swapMicrophone();
  }

  /** Captures the chosen microphone afresh and sends it in place of the current one. */
  async function swapMicrophone() {
    const got = await capture({ microphone: true, camera: false });
    if (!got.microphone) return store.setLocal({ problem: got.problem });
    const producer = media.producer('microphone');
    if (producer) await producer.replaceTrack({ track: got.microphone });
    adoptMicrophone(got.microphone);
    store.setLocal({ problem: null });
  }

  async function selectCamera(deviceId: string) {
    store.setLocal({ cameraId: deviceId });
    if (!store.state.local.cameraOn) return;
    const got = await capture({ microphone: false, camera: true });
    if (!got.camera) return store.setLocal({ problem: got.problem });
    const producer = media.producer('camera');
    if (producer) await producer.replaceTrack({ track: got.camera });
    adoptCamera(got.camera);
    store.setLocal({ problem: null });
  }

  async function setNoiseSuppression(enabled: boolean) {
    deps.preferences.setNoiseSuppression(enabled);
    store.setLocal({ noiseSuppression: enabled, noiseProblem: null });
    store.announce(enabled ? 'Noise suppression is on.' : 'Noise suppression is off.');
    // The browser's own suppression is chosen when capturing: the microphone starts afresh.
    if (store.state.local.microphone) await swapMicrophone();
  }

  return {
    loadChoices() {
      const noiseSuppression = deps.preferences.noiseSuppression();
      if (store.state.local.noiseSuppression !== noiseSuppression) {
        store.setLocal({ noiseSuppression });
      }
    },
    setNoiseSuppression,
    startPreview,
    refreshDevices,
    selectMicrophone,
    selectCamera,
    capture,
    adoptMicrophone,
    adoptCamera,
    stopAll,
  };
}
