import type { CallStore } from './call-store';
import { sendAudioOnly } from './live-additions';
import type { SignallingSession } from './signalling-session';

/** The call choices kept on this device (localStorage in the browser). */
export interface CallPreferences {
  audioOnly(): boolean;
  setAudioOnly(enabled: boolean): void;
  /** Noise suppression on the microphone: on unless turned off on this device. */
  noiseSuppression(): boolean;
  setNoiseSuppression(enabled: boolean): void;
}

/** A preference kept for this page only (tests, and browsers that refuse storage). */
export function memoryPreferences(initial = false, noise = true): CallPreferences {
  let audioOnly = initial;
  let noiseSuppression = noise;
  return {
    audioOnly: () => audioOnly,
    setAudioOnly(enabled) {
      audioOnly = enabled;
    },
    noiseSuppression: () => noiseSuppression,
    setNoiseSuppression(enabled) {
      noiseSuppression = enabled;
    },
  };
}

const storageKey = 'hearth.call.audioOnly';
const noiseKey = 'hearth.call.noiseSuppression';

/** The choice in localStorage, so the next call on this device starts the same way. */
export function storagePreferences(storage: Storage | undefined): CallPreferences {
  const fallback = memoryPreferences();
  if (!storage) return fallback;
  return {
    audioOnly() {
      try {
        return storage.getItem(storageKey) === 'true';
      } catch {
        return fallback.audioOnly();
      }
    },
    setAudioOnly(enabled) {
      fallback.setAudioOnly(enabled);
      try {
        if (enabled) storage.setItem(storageKey, 'true');
        else storage.removeItem(storageKey);
      } catch {
        // Private modes may refuse storage: the choice holds for this page.
      }
    },
    noiseSuppression() {
      try {
        return storage.getItem(noiseKey) !== 'off';
      } catch {
        return fallback.noiseSuppression();
      }
    },
    setNoiseSuppression(enabled) {
      fallback.setNoiseSuppression(enabled);
      try {
        if (enabled) storage.removeItem(noiseKey);
        else storage.setItem(noiseKey, 'off');
      } catch {
        // As above: for this page only.
      }
    },
  };
}

export interface AudioOnlyDeps {
  readonly store: CallStore;
  readonly signalling: SignallingSession;
  readonly preferences: CallPreferences;
  readonly timeoutMs: number;
}

/**
 * Audio only: the server pauses every incoming video for this person (their audio and their own
 * camera go on). Chosen from the offer on a weak connection or in the connection details; kept on
 * this device, and told to the server again whenever the media is set up (after a rejoin too).
 */
export interface AudioOnly {
  /** Takes the device's choice into the call's state (at start, and after a reset). */
  load(): void;
  set(enabled: boolean): Promise<void>;
  /** The media was set up: the server hears the choice again if it is on. */
  onMediaLive(): void;
}

export function createAudioOnly(deps: AudioOnlyDeps): AudioOnly {
  const { store, signalling, preferences } = deps;

  async function tell(enabled: boolean) {
    const connection = signalling.current();
    if (!connection || store.phase() !== 'in-call') return;
    const taken = await sendAudioOnly(connection, enabled, deps.timeoutMs);
    if (!taken && store.state.audioOnly === enabled) {
      store.set({
        actionError: enabled
          ? 'Audio only could not be turned on just now. Other people’s video is hidden, but still arrives.'
          : 'Video could not be turned back on just now. Try again in a moment.',
      });
    }
  }

  return {
    load() {
      const audioOnly = preferences.audioOnly();
      if (store.state.audioOnly !== audioOnly) store.set({ audioOnly });
    },
    async set(enabled) {
      preferences.setAudioOnly(enabled);
      store.set({ audioOnly: enabled, audioOnlyOffered: false });
      store.announce(
        enabled
          ? 'Audio only: other people’s video is paused for you.'
          : 'Video is back on for you.',
      );
      await tell(enabled);
    },
    onMediaLive() {
      if (store.state.audioOnly) void tell(true);
    },
  };
}
