import type { SeatReleased } from '@hearth/contracts';
import type { types } from 'mediasoup-client';
import type { CallStore } from './call-store';
import { createIceRecovery } from './ice-recovery';
import { describeMediaFailure, logMediaError, networkBlocksMedia } from './media-errors';
import type { MediaSession } from './media-session';
import type { MediaTransport } from './media-types';
import type { SignallingSession } from './signalling-session';

export interface CallRecoveryDeps {
  readonly store: CallStore;
  readonly media: MediaSession;
  readonly signalling: SignallingSession;
  /** Waits between ICE restarts (the last repeated). */
  readonly iceDelaysMs?: readonly number[];
  /** Waits before setting a failed media up again; after the last, the person is asked. */
  readonly setupRetryMs?: readonly number[];
}

/**
 * Brings the call back by itself. ICE is restarted while the signalling stays up; a media set-up
 * that failed is tried again a few times; after the seat was let go (a drop longer than the
 * hold), a fresh connection joins again through the normal join (the waiting room, or straight
 * in when the course admits by itself). Whatever cannot be fixed by waiting is said in plain
 * words with a "Try again" button; the person is never left looking "in the call" without media.
 */
export interface CallRecovery {
  onTransportState(transport: MediaTransport, state: types.ConnectionState): void;
  onMediaFailed(error: unknown): void;
  onMediaLive(): void;
  /** The server let the seat go: rejoin as soon as a connection is back. */
  onSeatReleased(event: SeatReleased): void;
  /** The person's "Try again": the media is set up afresh at once. */
  retryMedia(): Promise<void>;
  /** The media was torn down: nothing to recover any more. */
  reset(): void;
}

/** Restarts in a row (about 15 s) before saying the network may be blocking the media. */
const restartsBeforeWarning = 8;

export function createCallRecovery(deps: CallRecoveryDeps): CallRecovery {
  const { store, media, signalling } = deps;
  const setupRetryMs = deps.setupRetryMs ?? [2000, 5000];
  let setupFailures = 0;
  let setupTimer: ReturnType<typeof setTimeout> | null = null;

  const inCall = () => store.phase() === 'in-call';

  const ice = createIceRecovery({
    restart: (transport) => media.restartIce(transport),
    canRestart: () => store.state.connection === 'connected' && inCall(),
    rebuild: () => {
      if (inCall()) void media.start();
    },
    onRecovering(recovering) {
      if (store.state.mediaReconnecting !== recovering) {
        store.set({ mediaReconnecting: recovering });
        if (recovering) store.announce('Your audio and video are reconnecting.');
      }
      if (!recovering && store.state.mediaProblem === networkBlocksMedia) {
        store.set({ mediaProblem: null });
      }
    },
    onAttempt(attempt) {
      if (attempt === restartsBeforeWarning && inCall()) {
        store.set({ mediaProblem: networkBlocksMedia });
      }
    },
    ...(deps.iceDelaysMs ? { delaysMs: deps.iceDelaysMs } : {}),
  });

  function cancelSetupRetry() {
    if (setupTimer) clearTimeout(setupTimer);
    setupTimer = null;
  }

  return {
    onTransportState(transport, state) {
      if (state === 'connected' && store.state.mediaProblem === networkBlocksMedia) {
        store.set({ mediaProblem: null });
      }
      ice.observe(transport, state);
    },
    onMediaFailed(error) {
      logMediaError('media set-up', error);
      const problem = describeMediaFailure(error);
      const delay = setupRetryMs[setupFailures];
      setupFailures += 1;
      cancelSetupRetry();
      if (delay === undefined || problem.summary.startsWith('This browser')) {
        store.set({ mediaProblem: problem, mediaReconnecting: false });
        store.announce(`${problem.summary} ${problem.advice}`);
        return;
      }
      store.set({ mediaReconnecting: true });
      setupTimer = setTimeout(() => {
        setupTimer = null;
        if (inCall()) void media.start();
      }, delay);
    },
    onMediaLive() {
      setupFailures = 0;
      cancelSetupRetry();
      if (store.state.mediaProblem || store.state.mediaReconnecting) {
        store.set({ mediaProblem: null, mediaReconnecting: false });
      }
    },
    onSeatReleased({ reason }) {
      const phase = store.phase();
      if (phase !== 'in-call' && phase !== 'waiting') return;
      ice.reset();
      cancelSetupRetry();
      media.teardown();
      store.set({ rejoining: true, mediaReconnecting: false, mediaProblem: null });
      store.announce(
        reason === 'hold_expired'
          ? 'Your connection was lost for too long, so your place was let go. Hearth is taking you back in.'
          : 'The session had to restart its connections. Hearth is taking you back in.',
      );
      // The server closes this connection; a fresh one reconnects by itself when the network
      // allows, and joining again on connect is the normal join.
      signalling.close();
      signalling.open();
    },
    async retryMedia() {
      setupFailures = 0;
      cancelSetupRetry();
      store.set({ mediaProblem: null });
      if (inCall()) await media.start();
    },
    reset() {
      ice.reset();
      cancelSetupRetry();
    },
  };
}
