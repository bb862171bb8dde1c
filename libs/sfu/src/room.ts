import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { PeerInfo, PeerProducer, ProducerAppData } from './media-types';
import { Dynacast } from './dynacast';
import { Peer } from './peer';
import type { SfuConfig } from './sfu-config';
import { SfuError } from './sfu-error';
import type { HostedRoom, PooledWorker } from './worker-pool';

/**
 * Why a room closed: the application closed it, its last peer left, its worker process died
 * (rebuild it on a live worker and have the clients rejoin), or its worker was shut down.
 */
export type RoomCloseReason = 'closed' | 'empty' | 'worker_died' | 'worker_closed';

/** Options of a room. */
export interface RoomOptions {
  /** Close the room when its last peer leaves (default true). */
  readonly closeWhenEmpty?: boolean;
}

/** The peer whose voice currently dominates the room. */
export interface ActiveSpeakerEvent {
  readonly peerId: string;
  readonly producerId: string;
}

/** Events of a {@link Room}. */
export type RoomEvents = {
  peerJoined: [Peer];
  peerLeft: [{ peerId: string }];
  /** A peer published a track: the application creates consumers for the other peers. */
  newProducer: [{ peer: Peer; producer: PeerProducer }];
  activeSpeaker: [ActiveSpeakerEvent];
  closed: [RoomCloseReason];
};

/** appData of a room's Router. */
export type RoomRouterAppData = { readonly roomId: string };

/**
 * One live session's media: it owns one Router on one pool worker, the active-speaker observer
 * and the peers, and closing it closes all of them.
 *
 * Active speaker: an ActiveSpeakerObserver (dominant-speaker detection) rather than an
 * AudioLevelObserver. In a group, people laugh, cough and say "mm" over each other; the dominant
 * speaker algorithm needs sustained speech to switch and reports only changes, so the highlighted
 * tile does not flicker, and it needs no volume threshold tuned per microphone. Loudness meters,
 * if ever wanted, belong in the client.
 */
export class Room extends EventEmitter<RoomEvents> implements HostedRoom {
  readonly #slot: PooledWorker;
  readonly #config: SfuConfig;
  readonly #observer: types.ActiveSpeakerObserver;
  readonly #closeWhenEmpty: boolean;
  readonly #peers = new Map<string, Peer>();
  readonly #dynacast: Dynacast | undefined;
  #closeReason: RoomCloseReason | undefined;

  private constructor(
    readonly id: string,
    readonly router: types.Router<RoomRouterAppData>,
    observer: types.ActiveSpeakerObserver,
    slot: PooledWorker,
    config: SfuConfig,
    options: RoomOptions,
  ) {
    super();
    this.#slot = slot;
    this.#config = config;
    this.#observer = observer;
    this.#closeWhenEmpty = options.closeWhenEmpty ?? true;
    slot.attachRoom(this);
    this.#dynacast = config.dynacast
      ? new Dynacast(
          () => this.peers.flatMap((peer) => peer.consumers),
          (producer, layers) => {
            const peer = this.#peers.get(producer.appData.peerId);
            if (!peer || peer.closed) return;
            peer.emit('producerLayers', { ...layers, source: producer.appData.source });
          },
        )
      : undefined;
    router.on('workerclose', () => this.#close(slot.worker.died ? 'worker_died' : 'worker_closed'));
    observer.on('dominantspeaker', ({ producer }) => {
      const { peerId } = producer.appData as ProducerAppData;
      this.emit('activeSpeaker', { peerId, producerId: producer.id });
    });
  }

  /** Creates a room's Router (with the configured codecs) and its observer on `slot`. */
  static async create(
    id: string,
    slot: PooledWorker,
    config: SfuConfig,
    options: RoomOptions = {},
  ): Promise<Room> {
    // Counted at once so concurrent creations spread over the workers instead of piling onto
    // the one that looked idle before any of them finished.
    slot.attachRoom({ id, peerCount: 0 });
    let router: types.Router<RoomRouterAppData> | undefined;
    try {
      router = await slot.worker.createRouter<RoomRouterAppData>({
        mediaCodecs: structuredClone([...config.mediaCodecs]),
        appData: { roomId: id },
      });
      const observer = await router.createActiveSpeakerObserver({
        interval: config.activeSpeakerIntervalMs,
      });
      if (router.closed) throw new Error('the worker closed');
      return new Room(id, router, observer, slot, config, options);
    } catch (error) {
      router?.close();
      if (!slot.worker.died) slot.detachRoom(id);
      throw new SfuError(
        'worker_unavailable',
        `Could not create the room's router: ${error instanceof Error ? error.message : String(error)}`,
        { roomId: id, workerIndex: slot.index },
      );
    }
  }

  /** Index of the pool worker the room lives on. */
  get workerIndex(): number {
    return this.#slot.index;
  }

  /** What clients load into their mediasoup-client Device. */
  get rtpCapabilities(): types.RtpCapabilities {
    return this.router.rtpCapabilities;
  }

  get closed(): boolean {
    return this.#closeReason !== undefined;
  }

  /** Why the room closed, once it has. */
  get closeReason(): RoomCloseReason | undefined {
    return this.#closeReason;
  }

  get peerCount(): number {
    return this.#peers.size;
  }

  get peers(): Peer[] {
    return [...this.#peers.values()];
  }

  /** A peer in the room; throws `peer_not_found`. */
  getPeer(peerId: string): Peer {
    const peer = this.#peers.get(peerId);
    if (!peer) throw new SfuError('peer_not_found', 'No such peer in the room', { peerId });
    return peer;
  }

  hasPeer(peerId: string): boolean {
    return this.#peers.has(peerId);
  }

  /**
   * Adds a peer. A peer id already present is a client coming back on a new connection: the old
   * Peer (and its transports, producers and consumers) closes and the new one takes its seat.
   */
  join(peerId: string, info: PeerInfo): Peer {
    this.#assertOpen();
    const peer = new Peer(peerId, info, {
      roomId: this.id,
      router: this.router,
      webRtcServer: this.#slot.webRtcServer,
      config: this.#config,
    });
    const previous = this.#peers.get(peerId);
    // Seated before the old one closes, so its departure neither empties nor closes the room.
    this.#peers.set(peerId, peer);
    previous?.close();
    if (previous) this.#dynacast?.updateAll();
    peer.on('producerAdded', (producer) => this.#onProducer(peer, producer));
    peer.on('consumerLayers', ({ producerId }) => this.#dynacast?.update(producerId));
    peer.once('closed', () => this.#onPeerClosed(peer));
    this.emit('peerJoined', peer);
    return peer;
  }

  /** Removes a peer and closes everything it owns; unknown ids are ignored. */
  leave(peerId: string): void {
    this.#peers.get(peerId)?.close();
  }

  /** Every open producer in the room, except those of `exceptPeerId` (what a newcomer consumes). */
  producers(exceptPeerId?: string): PeerProducer[] {
    return this.peers.filter((peer) => peer.id !== exceptPeerId).flatMap((peer) => peer.producers);
  }

  /** An open producer of any peer in the room; throws `producer_not_found`. */
  getProducer(producerId: string): PeerProducer {
    for (const peer of this.#peers.values()) {
      const producer = peer.producers.find((candidate) => candidate.id === producerId);
      if (producer) return producer;
    }
    throw new SfuError('producer_not_found', 'No such producer in the room', { producerId });
  }

  /** Dynacast: the layers a producer's client was last told to send (undefined: all, always). */
  sentLayers(producerId: string): number[] | undefined {
    return this.#dynacast?.layersOf(producerId);
  }

  /** Closes every peer, the observer and the Router. */
  close(): void {
    this.#close('closed');
  }

  #close(reason: RoomCloseReason): void {
    if (this.#closeReason !== undefined) return;
    this.#closeReason = reason;
    for (const peer of this.#peers.values()) peer.close();
    this.#peers.clear();
    this.#dynacast?.close();
    this.#observer.close();
    this.router.close();
    // A dead worker keeps its rooms listed so the pool can report them; its slot is discarded.
    if (reason !== 'worker_died') this.#slot.detachRoom(this.id);
    this.emit('closed', reason);
  }

  #onProducer(peer: Peer, producer: PeerProducer): void {
    if (producer.kind === 'audio') {
      this.#observer.addProducer({ producerId: producer.id }).catch(() => {
        // The producer or the room closed first: nothing to observe.
      });
    }
    this.emit('newProducer', { peer, producer });
    this.#dynacast?.track(producer);
  }

  #onPeerClosed(peer: Peer): void {
    if (this.closed || this.#peers.get(peer.id) !== peer) return;
    this.#peers.delete(peer.id);
    this.emit('peerLeft', { peerId: peer.id });
    this.#dynacast?.updateAll();
    if (this.#closeWhenEmpty && this.#peers.size === 0) this.#close('empty');
  }

  #assertOpen(): void {
    if (this.closed) {
      throw new SfuError('room_closed', 'The room has closed', {
        roomId: this.id,
        reason: this.#closeReason,
      });
    }
  }
}
