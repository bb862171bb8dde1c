import {
  initialCallState,
  type CallPhase,
  type CallState,
  type LocalMedia,
  type RemoteTrack,
} from '../call-state';

/**
 * The one immutable {@link CallState} the view renders, shared by the call client's units: each
 * patches its part and every subscriber hears of it.
 */
export interface CallStore {
  readonly state: CallState;
  /** Read through a call, so that TypeScript does not narrow the phase across an await. */
  phase(): CallPhase;
  set(patch: Partial<CallState>): void;
  setLocal(patch: Partial<LocalMedia>): void;
  setRemote(remote: readonly RemoteTrack[]): void;
  /** A message for the screen reader's live region (repeated texts are heard again). */
  announce(text: string): void;
  subscribe(listener: () => void): () => void;
  /** Back to the start, telling subscribers. */
  reset(): void;
}

export function createCallStore(): CallStore {
  const listeners = new Set<() => void>();
  let state: CallState = initialCallState;
  let announcementId = 0;
  const notify = () => {
    for (const listener of listeners) listener();
  };
  const store: CallStore = {
    get state() {
      return state;
    },
    phase: () => state.phase,
    set(patch) {
      state = { ...state, ...patch };
      notify();
    },
    setLocal: (patch) => store.set({ local: { ...state.local, ...patch } }),
    setRemote: (remote) => store.set({ remote }),
    announce(text) {
      announcementId += 1;
      store.set({ announcement: { id: announcementId, text } });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reset() {
      state = initialCallState;
      notify();
    },
  };
  return store;
}
