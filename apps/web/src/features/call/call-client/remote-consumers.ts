import type { ConsumerParameters, MediaSource } from '@hearth/contracts';
import type { types } from 'mediasoup-client';
import type { CallStore } from './call-store';
import { inboundStat, type InboundStat } from './inbound-stats';
import { ask, LiveRequestError } from './live-connection';
import { logMediaError } from './media-errors';
import type { MediaTransport, RemoteConsumer } from './media-types';
import type { SignallingSession } from './signalling-session';
import { createTileReporter } from './tile-reports';

/** How often a refused (rate-limited) consumer resume is tried in all. */
const resumeAttempts = 4;
/** How often receiving one remote track (its consume and resume) is tried in all. */
export const receiveAttempts = 3;
/** The wait before receiving a remote track again, times the attempts so far (ms). */
export const receiveRetryMs = 500;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Thrown inside a receive that a teardown (or the server closing the consumer) overtook. */
const overtaken = Symbol('overtaken receive');

interface ConsumerEntry {
  readonly consumer: RemoteConsumer;
  readonly participantId: string;
  readonly source: MediaSource;
}

export interface RemoteConsumersDeps {
  readonly store: CallStore;
  readonly signalling: SignallingSession;
  readonly timeoutMs: number;
  readonly tileReportMs: number;
  /** The epoch of the current media set-up; a receive begun in another one stops. */
  epoch(): number;
  /** Called as each receiver is created, before any frame arrives (frame decryption). */
  onRtpReceiver?(receiver: RTCRtpReceiver, parameters: ConsumerParameters): void;
}

/**
 * The receiving half of the media: the consumers of everyone else's tracks, their resume on the
 * server, the tile sizes reported for them and their statistics. A track that cannot be received
 * is marked in the store's `unshown`, so its tile says so rather than staying blank.
 */
export interface RemoteConsumers {
  /** Receives one remote track on `transport`, trying again shortly when it fails. */
  receive(transport: MediaTransport, parameters: ConsumerParameters): Promise<void>;
  /** Closes one consumer (the server closed it) and forgets its track or mark. */
  drop(consumerId: string): void;
  /** Closes every consumer and stops every receive under way (a teardown). */
  clear(): void;
  /** The size a remote video is shown at, sent throttled. */
  reportTileSize(consumerId: string, width: number, height: number): void;
  inboundStats(): Promise<InboundStat[]>;
}

export function createRemoteConsumers(deps: RemoteConsumersDeps): RemoteConsumers {
  const { store, signalling } = deps;
  const consumers = new Map<string, ConsumerEntry>();
  /** Offered consumers still being received, by id; dropping one stops its retries. */
  const receiving = new Set<string>();
  const tiles = createTileReporter((consumerId, width, height) => {
    const connection = signalling.current();
    if (!consumers.has(consumerId) || !connection) return;
    void ask(
      connection,
      'media:consumer:tile',
      { consumerId, width, height },
      deps.timeoutMs,
    ).catch(() => undefined);
  }, deps.tileReportMs);

  /**
   * Creates the consumer here and has the server resume it. A failure is logged and tried again
   * while the same set-up is current; when it keeps failing the track is marked unshown (no
   * signalling command offers one producer again).
   */
  async function receive(transport: MediaTransport, parameters: ConsumerParameters) {
    const startedIn = deps.epoch();
    const current = () => startedIn === deps.epoch() && receiving.has(parameters.id);
    receiving.add(parameters.id);
    let consumer: RemoteConsumer | null = null;
    for (let attempt = 1; attempt <= receiveAttempts; attempt += 1) {
      if (attempt > 1) await delay((attempt - 1) * receiveRetryMs);
      if (!current()) return;
      try {
        consumer ??= await createConsumer(transport, parameters, current);
        await resume(consumer.id, current);
        receiving.delete(parameters.id);
        return;
      } catch (error) {
        if (error === overtaken) return;
        logMediaError(`${parameters.source} receive, try ${attempt} of ${receiveAttempts}`, error);
      }
    }
    if (!current()) return;
    // A consumer the server never resumed would leave a frozen tile: drop it and say so instead.
    drop(parameters.id);
    store.set({
      unshown: [
        ...store.state.unshown,
        {
          consumerId: parameters.id,
          participantId: parameters.producerPeerId,
          kind: parameters.kind,
          source: parameters.source,
        },
      ],
    });
  }

  /** Creates the local side of a consumer and shows its track. */
  async function createConsumer(
    transport: MediaTransport,
    parameters: ConsumerParameters,
    current: () => boolean,
  ): Promise<RemoteConsumer> {
    const consumer = await transport.consume({
      id: parameters.id,
      producerId: parameters.producerId,
      kind: parameters.kind,
      rtpParameters: parameters.rtpParameters as unknown as types.RtpParameters,
      ...(deps.onRtpReceiver
        ? { onRtpReceiver: (receiver) => deps.onRtpReceiver?.(receiver, parameters) }
        : {}),
    });
    if (!current()) {
      consumer.close();
      throw overtaken;
    }
    consumers.set(consumer.id, {
      consumer,
      participantId: parameters.producerPeerId,
      source: parameters.source,
    });
    store.setRemote([
      ...store.state.remote.filter((t) => t.consumerId !== consumer.id),
      {
        consumerId: consumer.id,
        participantId: parameters.producerPeerId,
        kind: parameters.kind,
        source: parameters.source,
        track: consumer.track,
        paused: parameters.producerPaused,
      },
    ]);
    return consumer;
  }

  /**
   * Consumers start paused on the server until this side is ready to play them. Joining a large
   * group resumes dozens at once, which the server's rate limit may refuse: try again shortly.
   */
  async function resume(consumerId: string, current: () => boolean) {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await signalling.send('media:consumer:resume', { consumerId });
        return;
      } catch (error) {
        const limited = error instanceof LiveRequestError && error.code === 'rate_limited';
        if (!limited || attempt >= resumeAttempts) throw error;
        await delay(attempt * 1000);
        if (!current()) throw overtaken;
      }
    }
  }

  function drop(consumerId: string) {
    consumers.get(consumerId)?.consumer.close();
    consumers.delete(consumerId);
    receiving.delete(consumerId);
    tiles.forget(consumerId);
    if (store.state.remote.some((t) => t.consumerId === consumerId)) {
      store.setRemote(store.state.remote.filter((t) => t.consumerId !== consumerId));
    }
    if (store.state.unshown.some((t) => t.consumerId === consumerId)) {
      store.set({ unshown: store.state.unshown.filter((t) => t.consumerId !== consumerId) });
    }
  }

  function clear() {
    for (const { consumer } of consumers.values()) consumer.close();
    consumers.clear();
    receiving.clear();
    tiles.clear();
  }

  async function inboundStats(): Promise<InboundStat[]> {
    const entries = [...consumers.values()];
    const stats = await Promise.all(
      entries.map(async ({ consumer, participantId, source }) => {
        try {
          const report = await consumer.getStats();
          return inboundStat(
            { consumerId: consumer.id, participantId, kind: consumer.kind, source },
            report.values() as Iterable<Record<string, unknown>>,
          );
        } catch {
          return null;
        }
      }),
    );
    return stats.filter((s): s is InboundStat => s !== null);
  }

  return {
    receive,
    drop,
    clear,
    reportTileSize(consumerId, width, height) {
      if (consumers.has(consumerId)) tiles.report(consumerId, width, height);
    },
    inboundStats,
  };
}
