import { Inject, Injectable } from '@nestjs/common';
import type { LiveRequestResult, MediaSource, TransportParameters } from '@hearth/contracts';
import { DomainError } from '@hearth/domain';
import type { Peer, PeerProducer, Room } from '@hearth/sfu';
import type { types } from 'mediasoup';
import { AttendanceService } from './attendance.service';
import { LiveGuard } from './live-guard';
import { LiveQualityService } from './live-quality.service';
import {
  LiveRegistry,
  recordAttendance,
  type Connection,
  type Hosted,
  type LiveChannel,
} from './live-registry';
import { LiveViews } from './live-views';
import { SfuService } from './sfu.service';

/**
 * One session's media: its Room (one Router on a pool worker), each connection's Peer with its
 * transports, producers and consumers, and what the media path says about a person's connection.
 */
@Injectable()
export class LiveMediaService {
  constructor(
    @Inject(LiveRegistry) private readonly registry: LiveRegistry,
    @Inject(SfuService) private readonly sfu: SfuService,
    @Inject(LiveViews) private readonly views: LiveViews,
    @Inject(LiveGuard) private readonly guard: LiveGuard,
    @Inject(AttendanceService) private readonly attendance: AttendanceService,
    @Inject(LiveQualityService) private readonly quality: LiveQualityService,
  ) {}

  async capabilities(channel: LiveChannel): Promise<LiveRequestResult<'media:capabilities'>> {
    const { hosted, connection } = this.registry.admitted(channel);
    const peer = await this.#peerOf(hosted, connection);
    return {
      rtpCapabilities: roomOf(hosted, peer).rtpCapabilities as Record<string, unknown>,
    };
  }

  async createTransport(
    channel: LiveChannel,
    direction: 'send' | 'recv',
  ): Promise<TransportParameters> {
    // Also while reconnecting: a client may rebuild a transport whose ICE restart did not help.
    const { hosted, connection } = this.registry.inCall(channel);
    const peer = await this.#peerOf(hosted, connection);
    const params = await peer.createWebRtcTransport(direction);
    return params as unknown as TransportParameters;
  }

  async connectTransport(
    channel: LiveChannel,
    transportId: string,
    dtlsParameters: Record<string, unknown>,
  ): Promise<Record<string, never>> {
    const { peer } = this.registry.recoveringPeer(channel);
    await peer.connectTransport(transportId, dtlsParameters as unknown as types.DtlsParameters);
    return {};
  }

  async restartIce(
    channel: LiveChannel,
    transportId: string,
  ): Promise<LiveRequestResult<'media:transport:restart-ice'>> {
    // Allowed while reconnecting: a client whose media path broke restarts ICE to come back.
    const { peer } = this.registry.recoveringPeer(channel);
    const iceParameters = await peer.restartIce(transportId);
    return { iceParameters: iceParameters as unknown as Record<string, unknown> };
  }

  async produce(
    channel: LiveChannel,
    request: {
      transportId: string;
      kind: 'audio' | 'video';
      rtpParameters: Record<string, unknown>;
      source: MediaSource;
      paused?: boolean | undefined;
    },
  ): Promise<LiveRequestResult<'media:produce'>> {
    const { hosted, connection, peer } = this.registry.mediaPeer(channel);
    const paused = request.paused ?? false;
    hosted.live.assertMayTurnOn(connection.personId, request.source, !paused);
    const producer = await peer.produce({
      transportId: request.transportId,
      kind: request.kind,
      rtpParameters: request.rtpParameters as unknown as types.RtpParameters,
      source: request.source,
      paused,
    });
    hosted.live.setMedia(connection.personId, request.source, !paused);
    this.views.broadcast(hosted);
    return { producerId: producer.id };
  }

  async setProducerPaused(
    channel: LiveChannel,
    producerId: string,
    paused: boolean,
  ): Promise<Record<string, never>> {
    const { hosted, connection, peer } = this.registry.mediaPeer(channel);
    const producer = peer.getProducer(producerId);
    // The rule first: a locked microphone stays paused whatever the client asks.
    hosted.live.setMedia(connection.personId, producer.appData.source, !paused);
    if (paused) await peer.pauseProducer(producerId);
    else await peer.resumeProducer(producerId);
    this.views.broadcast(hosted);
    return {};
  }

  closeProducer(channel: LiveChannel, producerId: string): Record<string, never> {
    const { hosted, connection, peer } = this.registry.mediaPeer(channel);
    const { source } = peer.getProducer(producerId).appData;
    peer.closeProducer(producerId);
    hosted.live.setMedia(connection.personId, source, false);
    this.views.broadcast(hosted);
    return {};
  }

  async ready(
    channel: LiveChannel,
    rtpCapabilities: Record<string, unknown>,
  ): Promise<Record<string, never>> {
    const { hosted, connection, peer } = this.registry.mediaPeer(channel);
    connection.rtpCapabilities = rtpCapabilities as unknown as types.RtpCapabilities;
    const room = roomOf(hosted, peer);
    await Promise.all(
      room
        .producers(connection.personId)
        .map((producer) => this.#consume(hosted, connection, producer)),
    );
    return {};
  }

  async resumeConsumer(channel: LiveChannel, consumerId: string): Promise<Record<string, never>> {
    await this.registry.mediaPeer(channel).peer.resumeConsumer(consumerId);
    return {};
  }

  async setConsumerTile(
    channel: LiveChannel,
    consumerId: string,
    width: number,
    height: number,
  ): Promise<Record<string, never>> {
    await this.registry.mediaPeer(channel).peer.setPreferredLayers(consumerId, { width, height });
    return {};
  }

  /** Pauses a person's microphone on the server, so muting holds whatever their client does. */
  async silence(hosted: Hosted, personId: string): Promise<void> {
    const peer = hosted.connections.get(personId)?.peer;
    if (!peer || peer.closed) return;
    await Promise.all(
      peer.producers
        .filter((producer) => producer.appData.source === 'microphone')
        .map((producer) => peer.pauseProducer(producer.id)),
    );
  }

  /** Holds or releases every consumer so media flows only within each breakout room. */
  async applyBreakouts(hosted: Hosted): Promise<void> {
    const changes: Promise<void>[] = [];
    for (const connection of hosted.connections.values()) {
      const peer = connection.peer;
      if (!peer || peer.closed) continue;
      for (const consumer of peer.consumers) {
        const together = hosted.live.canReceive(
          connection.personId,
          consumer.appData.producerPeerId,
        );
        changes.push(
          together
            ? peer.releaseConsumer(consumer.id, 'breakout')
            : peer.holdConsumer(consumer.id, 'breakout'),
        );
      }
    }
    await Promise.allSettled(changes);
  }

  /** The room of the session, created on the least loaded worker if it has none (or lost it). */
  async #roomFor(hosted: Hosted): Promise<Room> {
    if (hosted.room && !hosted.room.closed) return hosted.room;
    const room = await this.sfu.rooms.getOrCreate(hosted.sessionId);
    if (hosted.room !== room) {
      hosted.room = room;
      const guard = this.guard;
      room.on(
        'newProducer',
        guard.wrap(hosted, 'new producer', ({ peer, producer }) =>
          this.#onNewProducer(hosted, peer, producer),
        ),
      );
      room.on(
        'activeSpeaker',
        guard.wrap(hosted, 'active speaker', ({ peerId }) => {
          hosted.live.setActiveSpeaker(peerId);
          this.views.broadcast(hosted);
        }),
      );
      room.once(
        'closed',
        guard.wrap(hosted, 'room closed', (reason) => this.#onRoomClosed(hosted, room, reason)),
      );
    }
    return room;
  }

  #onRoomClosed(hosted: Hosted, room: Room, reason: string): void {
    if (hosted.room !== room) return;
    hosted.room = undefined;
    if (reason !== 'worker_died') return;
    // The worker under this session died: every client sets its media up again on a new room.
    for (const connection of hosted.connections.values()) {
      connection.peer = undefined;
      connection.rtpCapabilities = undefined;
      if (hosted.live.isAdmitted(connection.personId)) {
        connection.channel.emit('media:reset', { reason: 'worker_restarted' });
      }
    }
  }

  async #peerOf(hosted: Hosted, connection: Connection): Promise<Peer> {
    if (connection.peer && !connection.peer.closed) return connection.peer;
    const room = await this.#roomFor(hosted);
    const role = hosted.live.roleOf(connection.personId) ?? 'client';
    const peer = room.join(connection.personId, { role });
    connection.peer = peer;
    connection.rtpCapabilities = undefined;
    const { channel } = connection;
    const on = <A extends unknown[]>(what: string, listener: (...args: A) => unknown) =>
      this.guard.wrap(hosted, what, (...args: A) => {
        // Events of a peer the connection has since replaced say nothing about it.
        if (connection.peer === peer) listener(...args);
      });
    peer.on(
      'consumerClosed',
      on('consumer closed', ({ consumerId }) =>
        channel.emit('media:consumer:closed', { consumerId }),
      ),
    );
    peer.on(
      'remotePaused',
      on('remote paused', ({ consumerId }) =>
        channel.emit('media:consumer:paused', { consumerId, paused: true }),
      ),
    );
    peer.on(
      'remoteResumed',
      on('remote resumed', ({ consumerId }) =>
        channel.emit('media:consumer:paused', { consumerId, paused: false }),
      ),
    );
    peer.on(
      'producerLayers',
      on('producer layers', ({ producerId, spatialLayers }) =>
        channel.emit('media:producer:layers', { producerId, spatialLayers: [...spatialLayers] }),
      ),
    );
    this.quality.watch(hosted, connection, peer);
    const onPath = on('media path', () => this.#onMediaPath(hosted, connection, peer));
    peer.on('iceStateChanged', onPath);
    peer.on('dtlsStateChanged', onPath);
    peer.on(
      'producerClosed',
      on('producer closed', ({ source }) => {
        // Its transport closed under it (the client is rebuilding): the view must not show a
        // camera that sends nothing.
        if (!hosted.live.isAdmitted(connection.personId)) return;
        hosted.live.setMedia(connection.personId, source, false);
        this.views.broadcast(hosted);
      }),
    );
    return peer;
  }

  /**
   * A media path going quiet is the first sign of a network drop: the person is shown
   * reconnecting and their seat is held. When every transport is connected again (ICE came back
   * by itself or after the client restarted it) they are back in the call.
   */
  #onMediaPath(hosted: Hosted, connection: Connection, peer: Peer): void {
    if (hosted.connections.get(connection.personId) !== connection) return;
    const now = new Date();
    const presence = hosted.live.presenceOf(connection.personId);
    if (peer.mediaPathDown && presence === 'admitted') {
      hosted.live.drop(connection.personId, now);
      recordAttendance(this.attendance, hosted, connection.personId, 'dropped', now);
      this.views.broadcast(hosted);
    } else if (!peer.mediaPathDown && presence === 'reconnecting') {
      hosted.live.recover(connection.personId);
      recordAttendance(this.attendance, hosted, connection.personId, 'returned', now);
      this.views.broadcast(hosted);
      // Tracks published while they were away were not sent to them: they are now.
      for (const producer of hosted.room?.producers(connection.personId) ?? []) {
        this.guard.run(hosted, 'consume', () => this.#consume(hosted, connection, producer));
      }
    }
  }

  #onNewProducer(hosted: Hosted, peer: Peer, producer: PeerProducer): void {
    for (const connection of hosted.connections.values()) {
      if (connection.personId === peer.id) continue;
      this.guard.run(hosted, 'consume', () => this.#consume(hosted, connection, producer));
    }
  }

  /** Producers each peer is being given a consumer of right now, so none gets two. */
  readonly #consuming = new WeakMap<Peer, Set<string>>();

  /** Gives the connection a consumer of `producer`, unless it has one (or one is on its way). */
  async #consume(hosted: Hosted, connection: Connection, producer: PeerProducer): Promise<void> {
    const { peer, rtpCapabilities } = connection;
    if (!peer || peer.closed || !rtpCapabilities || producer.closed) return;
    if (!hosted.live.isAdmitted(connection.personId)) return;
    let consuming = this.#consuming.get(peer);
    if (!consuming) {
      consuming = new Set();
      this.#consuming.set(peer, consuming);
    }
    if (consuming.has(producer.id)) return;
    if (peer.consumers.some((consumer) => consumer.producerId === producer.id)) return;
    consuming.add(producer.id);
    try {
      await this.#createConsumer(hosted, connection, peer, rtpCapabilities, producer);
    } finally {
      consuming.delete(producer.id);
    }
  }

  async #createConsumer(
    hosted: Hosted,
    connection: Connection,
    peer: Peer,
    rtpCapabilities: types.RtpCapabilities,
    producer: PeerProducer,
  ): Promise<void> {
    const params = await peer.consume(producer, rtpCapabilities);
    if (!hosted.live.canReceive(connection.personId, producer.appData.peerId)) {
      await peer.holdConsumer(params.id, 'breakout');
    }
    // Audio only holds for the rest of the session, new videos and reconnects included.
    if (params.kind === 'video' && hosted.audioOnly.has(connection.personId)) {
      await peer.holdConsumer(params.id, 'audio-only');
    }
    connection.channel.emit('media:consumer:new', {
      id: params.id,
      producerId: params.producerId,
      producerPeerId: params.producerPeerId,
      source: params.source,
      kind: params.kind,
      rtpParameters: params.rtpParameters as unknown as Record<string, unknown>,
      producerPaused: params.producerPaused,
    });
  }
}

function roomOf(hosted: Hosted, peer: Peer): Room {
  const room = hosted.room;
  if (!room || room.closed || peer.closed) {
    throw new DomainError('conflict', 'The media connection was reset; set it up again');
  }
  return room;
}
