import type { types } from 'mediasoup';
import type { TransportAppData, TransportDirection } from './media-types';
import { assertPeerOpen, errorMessage, type PeerHandle } from './peer-handle';
import type {
  PeerContext,
  PlainRemoteAddress,
  PlainTransportParameters,
  PlainTransportRequest,
  WebRtcTransportParameters,
} from './peer-types';
import { SfuError } from './sfu-error';

/** One of a peer's transports: WebRTC for browsers, plain RTP for tests and tools. */
export type PeerTransport =
  | { readonly type: 'webrtc'; readonly transport: types.WebRtcTransport<TransportAppData> }
  | { readonly type: 'plain'; readonly transport: types.PlainTransport<TransportAppData> };

/**
 * A peer's transports: at most one per direction, so a client that rebuilds its transports after
 * a network drop replaces (and closes) the old one rather than leaving it relaying to nowhere.
 * Reports ICE and DTLS state changes of WebRTC transports as the peer's events.
 */
export class PeerTransports {
  readonly #transports = new Map<string, PeerTransport>();

  constructor(
    private readonly peer: PeerHandle,
    private readonly context: PeerContext,
  ) {}

  /** Ids of the open transports. */
  get ids(): string[] {
    return [...this.#transports.keys()];
  }

  /**
   * Whether the media path is broken: a WebRTC transport lost ICE connectivity or its DTLS
   * failed. A transport still being set up ('new') is not broken.
   */
  get mediaPathDown(): boolean {
    for (const entry of this.#transports.values()) {
      if (entry.type !== 'webrtc' || entry.transport.closed) continue;
      const { iceState, dtlsState } = entry.transport;
      if (iceState === 'disconnected' || iceState === 'closed') return true;
      if (dtlsState === 'failed' || dtlsState === 'closed') return true;
    }
    return false;
  }

  /** Creates a WebRtcTransport on the worker's WebRtcServer. */
  async createWebRtc(direction: TransportDirection): Promise<WebRtcTransportParameters> {
    assertPeerOpen(this.peer);
    const { router, webRtcServer, config } = this.context;
    const transport = await router.createWebRtcTransport<TransportAppData>({
      webRtcServer,
      enableUdp: true,
      enableTcp: config.listen.enableTcp,
      preferUdp: true,
      initialAvailableOutgoingBitrate: config.initialAvailableOutgoingBitrate,
      appData: { peerId: this.peer.id, direction },
    });
    if (this.peer.closed) {
      transport.close();
      assertPeerOpen(this.peer);
    }
    if (direction === 'send') await transport.setMaxIncomingBitrate(config.maxIncomingBitrate);
    transport.on('icestatechange', (state) =>
      this.peer.emit('iceStateChanged', { transportId: transport.id, direction, state }),
    );
    transport.on('dtlsstatechange', (state) =>
      this.peer.emit('dtlsStateChanged', { transportId: transport.id, direction, state }),
    );
    this.#add({ type: 'webrtc', transport });
    return {
      id: transport.id,
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates,
      dtlsParameters: transport.dtlsParameters,
    };
  }

  /** Completes a WebRtcTransport with the client's DTLS parameters. */
  async connectWebRtc(transportId: string, dtlsParameters: types.DtlsParameters): Promise<void> {
    const transport = this.#webRtc(transportId);
    try {
      await transport.connect({ dtlsParameters });
    } catch (error) {
      throw new SfuError(
        'invalid_request',
        `Cannot connect the transport: ${errorMessage(error)}`,
        { transportId },
      );
    }
  }

  /** New ICE credentials for a transport whose network path broke. */
  async restartIce(transportId: string): Promise<types.IceParameters> {
    return this.#webRtc(transportId).restartIce();
  }

  /** Creates a plain RTP transport (no ICE, DTLS or SRTP). */
  async createPlain(request: PlainTransportRequest): Promise<PlainTransportParameters> {
    assertPeerOpen(this.peer);
    const { router, config } = this.context;
    const { listen } = config;
    const transport = await router.createPlainTransport<TransportAppData>({
      listenInfo: {
        protocol: 'udp',
        ip: listen.ip,
        announcedAddress: listen.announcedAddress,
        ...(listen.rtcPortRange ? { portRange: { ...listen.rtcPortRange } } : {}),
      },
      rtcpMux: true,
      comedia: request.comedia ?? false,
      appData: { peerId: this.peer.id, direction: request.direction },
    });
    if (this.peer.closed) {
      transport.close();
      assertPeerOpen(this.peer);
    }
    this.#add({ type: 'plain', transport });
    const { tuple } = transport;
    return { id: transport.id, ip: tuple.localAddress, port: tuple.localPort };
  }

  /** Tells a PlainTransport where to send (and whom to accept RTP from). */
  async connectPlain(transportId: string, remote: PlainRemoteAddress): Promise<void> {
    const entry = this.get(transportId);
    if (entry.type !== 'plain') {
      throw new SfuError('transport_not_found', 'Not a plain transport', { transportId });
    }
    await entry.transport.connect({ ip: remote.ip, port: remote.port });
  }

  /** An open transport; throws `transport_not_found` (or `peer_not_found` once it left). */
  get(transportId: string): PeerTransport {
    assertPeerOpen(this.peer);
    const entry = this.#transports.get(transportId);
    if (!entry || entry.transport.closed) {
      throw new SfuError('transport_not_found', 'No such transport', { transportId });
    }
    return entry;
  }

  /** The transport of a direction; throws `transport_not_found` when there is none. */
  forDirection(direction: TransportDirection): PeerTransport {
    assertPeerOpen(this.peer);
    const entry = this.#find(direction);
    if (!entry) {
      throw new SfuError('transport_not_found', `The peer has no ${direction} transport`, {
        direction,
      });
    }
    return entry;
  }

  /** Closes a transport; its producers and consumers close with it. */
  close(transportId: string): void {
    this.get(transportId).transport.close();
    this.#transports.delete(transportId);
  }

  /** Closes every transport (the peer is leaving). */
  closeAll(): void {
    for (const { transport } of this.#transports.values()) transport.close();
    this.#transports.clear();
  }

  #add(entry: PeerTransport): void {
    const transport: types.Transport<TransportAppData> = entry.transport;
    const previous = this.#find(transport.appData.direction);
    this.#transports.set(transport.id, entry);
    if (previous) {
      this.#transports.delete(previous.transport.id);
      previous.transport.close();
    }
    // The Router closed under the transport (the room closed or its worker died).
    transport.on('routerclose', () => this.#transports.delete(transport.id));
  }

  #find(direction: TransportDirection): PeerTransport | undefined {
    for (const entry of this.#transports.values()) {
      if (entry.transport.appData.direction === direction) return entry;
    }
    return undefined;
  }

  #webRtc(transportId: string): types.WebRtcTransport<TransportAppData> {
    const entry = this.get(transportId);
    if (entry.type !== 'webrtc') {
      throw new SfuError('transport_not_found', 'Not a WebRTC transport', { transportId });
    }
    return entry.transport;
  }
}
