import type { types } from 'mediasoup-client';
import { LiveRequestError } from './live-connection';
import type { MediaTransport } from './media-types';

export interface IceRecoveryDeps {
  /** Asks the server for new ICE parameters and restarts ICE with them. */
  restart(transport: MediaTransport): Promise<unknown>;
  /** The signalling connection is up and the person is in the call. */
  canRestart(): boolean;
  /** The server keeps refusing restarts for a transport: set the media up afresh instead. */
  rebuild(): void;
  /** Some transport is being brought back (true), or all are connected again (false). */
  onRecovering(recovering: boolean): void;
  /** Another restart is about to be tried (1 for the first) for a transport. */
  onAttempt?(attempt: number): void;
  /** Waits between restarts, the last repeated: a cut may last minutes. */
  readonly delaysMs?: readonly number[];
  /** Refusals in a row (not time-outs) before rebuilding. */
  readonly refusalsBeforeRebuild?: number;
}

/**
 * Brings the media back by itself: when a transport's ICE/DTLS connection is lost while the
 * signalling stays up, ICE is restarted at once and then again with a short backoff until the
 * transport connects, it is closed (the media was torn down), or the seat is gone. The backoff
 * stays short, so that the first restart after the network returns is at most a couple of
 * seconds away.
 */
export interface IceRecovery {
  observe(transport: MediaTransport, state: types.ConnectionState): void;
  /** Stops every restart loop (the media was torn down or set up afresh). */
  reset(): void;
  recovering(): boolean;
}

const defaultDelays = [1000, 1500, 2000];

interface Loop {
  readonly transport: MediaTransport;
  timer: ReturnType<typeof setTimeout> | null;
  attempt: number;
  refusals: number;
}

export function createIceRecovery(deps: IceRecoveryDeps): IceRecovery {
  const delays = deps.delaysMs ?? defaultDelays;
  const refusalsBeforeRebuild = deps.refusalsBeforeRebuild ?? 3;
  const loops = new Map<string, Loop>();
  const states = new Map<string, types.ConnectionState>();
  let run = 0;

  const delayFor = (attempt: number) => delays[Math.min(attempt, delays.length - 1)] ?? 2000;

  function finish(id: string) {
    const loop = loops.get(id);
    if (!loop) return;
    if (loop.timer) clearTimeout(loop.timer);
    loops.delete(id);
    if (loops.size === 0) deps.onRecovering(false);
  }

  function schedule(loop: Loop, ms: number) {
    const startedIn = run;
    loop.timer = setTimeout(() => {
      loop.timer = null;
      if (startedIn === run) void attempt(loop);
    }, ms);
  }

  async function attempt(loop: Loop) {
    const { transport } = loop;
    if (transport.closed || states.get(transport.id) === 'connected') {
      finish(transport.id);
      return;
    }
    const startedIn = run;
    if (deps.canRestart()) {
      deps.onAttempt?.(loop.attempt + 1);
      try {
        await deps.restart(transport);
        loop.refusals = 0;
      } catch (error) {
        // A time-out or the rate limit is the network or the load; anything else the server
        // refusing (it may have forgotten this transport): after a few, start afresh.
        const refused =
          error instanceof LiveRequestError &&
          error.code !== 'timeout' &&
          error.code !== 'rate_limited';
        loop.refusals = refused ? loop.refusals + 1 : 0;
        if (startedIn === run && loop.refusals >= refusalsBeforeRebuild) {
          reset();
          deps.rebuild();
          return;
        }
      }
    }
    if (startedIn !== run || !loops.has(transport.id)) return;
    schedule(loop, delayFor(loop.attempt));
    loop.attempt += 1;
  }

  function reset() {
    run += 1;
    const had = loops.size > 0;
    for (const loop of loops.values()) if (loop.timer) clearTimeout(loop.timer);
    loops.clear();
    states.clear();
    if (had) deps.onRecovering(false);
  }

  return {
    observe(transport, state) {
      states.set(transport.id, state);
      if (state === 'connected') {
        finish(transport.id);
        return;
      }
      if (state !== 'disconnected' && state !== 'failed') return;
      if (loops.has(transport.id) || transport.closed) return;
      const loop: Loop = { transport, timer: null, attempt: 0, refusals: 0 };
      if (loops.size === 0) deps.onRecovering(true);
      loops.set(transport.id, loop);
      void attempt(loop);
    },
    reset,
    recovering: () => loops.size > 0,
  };
}
