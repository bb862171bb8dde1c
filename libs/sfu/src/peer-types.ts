import type { types } from 'mediasoup';
import type { MediaSource, PeerProducer, TransportDirection } from './media-types';
import type { SfuConfig } from './sfu-config';
import type { TileSize } from './tile-layers';

// The shapes a Peer takes and gives: requests, parameters for the client, holds and events.

/** What a peer needs from its room: the Router, the worker's WebRtcServer and the settings. */
export interface PeerContext {
  readonly roomId: string;
  readonly router: types.Router;
  readonly webRtcServer: types.WebRtcServer;
  readonly config: SfuConfig;
}

/** What the client needs to build its side of a WebRtcTransport (mediasoup-client `Transport`). */
export interface WebRtcTransportParameters {
  readonly id: string;
  readonly iceParameters: types.IceParameters;
  readonly iceCandidates: types.IceCandidate[];
  readonly dtlsParameters: types.DtlsParameters;
}

/** Where a PlainTransport listens (RTP and RTCP share the port). */
export interface PlainTransportParameters {
  readonly id: string;
  readonly ip: string;
  readonly port: number;
}

/** Options of `Peer.createPlainTransport`. */
export interface PlainTransportRequest {
  readonly direction: TransportDirection;
  /** Learn the remote address from the first packet instead of {@link Peer.connectPlainTransport}. */
  readonly comedia?: boolean;
}

/** Where a PlainTransport sends to. */
export interface PlainRemoteAddress {
  readonly ip: string;
  readonly port: number;
}

/** A client's request to publish a track. */
export interface ProduceRequest {
  readonly transportId: string;
  readonly kind: types.MediaKind;
  readonly rtpParameters: types.RtpParameters;
  readonly source: MediaSource;
  /** Publish muted (a client joining with the microphone off). */
  readonly paused?: boolean;
}

/** Options of `Peer.consume`. */
export interface ConsumeOptions {
  /** Receive on this transport instead of the peer's receive transport. */
  readonly transportId?: string;
  /** The tile the client will show this video in, when already known: picks the first layers. */
  readonly tile?: TileSize;
}

/** What the client needs to create its side of a consumer. */
export interface ConsumerParameters {
  readonly id: string;
  readonly producerId: string;
  readonly producerPeerId: string;
  readonly source: MediaSource;
  readonly kind: types.MediaKind;
  readonly type: types.ConsumerType;
  readonly rtpParameters: types.RtpParameters;
  /** The producer is muted at the moment (the client shows the tile muted). */
  readonly producerPaused: boolean;
}

/**
 * Why a consumer is held paused. It forwards media only when nothing holds it: the client has not
 * said it is ready ('client'), its tile is off screen ('offscreen'), the two peers are in
 * different breakout groups ('breakout'), or the receiver asked for audio only ('audio-only',
 * video consumers only). Separate reasons keep one from undoing another: a tile
 * scrolling back into view must not resume a consumer the client never asked for.
 */
export type ConsumerHold = 'client' | 'offscreen' | 'breakout' | 'audio-only';

/** Identifies a consumer in peer events. */
export interface ConsumerRef {
  readonly consumerId: string;
  readonly producerId: string;
  readonly producerPeerId: string;
  readonly source: MediaSource;
}

/** Why a consumer closed without the peer asking. */
export type ConsumerCloseReason = 'producer_closed' | 'transport_closed';

/** Why a producer closed. */
export type ProducerCloseReason = 'closed' | 'transport_closed';

/** Events of a `Peer`; each tells the application something to pass on to the client. */
export type PeerEvents = {
  /** The peer published a track: other peers may now consume it. */
  producerAdded: [PeerProducer];
  producerClosed: [{ producerId: string; source: MediaSource; reason: ProducerCloseReason }];
  /** A consumer ended because its producer or transport closed: the client drops the tile. */
  consumerClosed: [ConsumerRef & { reason: ConsumerCloseReason }];
  /** The remote producer of a consumer was muted. */
  remotePaused: [ConsumerRef];
  /** The remote producer of a consumer was unmuted. */
  remoteResumed: [ConsumerRef];
  /**
   * How well the server receives one of the peer's producers (0–10, 10: no loss): the best of
   * its simulcast encodings, since a layer the browser stopped sending scores 0 by design.
   */
  producerScore: [{ producerId: string; source: MediaSource; score: number }];
  /**
   * How well one of the peer's consumers reaches it (`score`, 0–10) and how well the server
   * receives the producer behind it (`producerScore`).
   */
  consumerScore: [ConsumerRef & { score: number; producerScore: number }];
  /** ICE state of a WebRtcTransport: 'disconnected' is the first sign of a network drop. */
  iceStateChanged: [{ transportId: string; direction: TransportDirection; state: types.IceState }];
  /** DTLS state of a WebRtcTransport: 'failed' or 'closed' means the client must reconnect. */
  dtlsStateChanged: [
    { transportId: string; direction: TransportDirection; state: types.DtlsState },
  ];
  /**
   * Dynacast: which simulcast layers of one of the peer's producers anyone receives; the client
   * sends only these (see dynacast.ts).
   */
  producerLayers: [{ producerId: string; source: MediaSource; spatialLayers: readonly number[] }];
  /** What one of the peer's consumers forwards changed (paused, resumed, other layers). */
  consumerLayers: [{ producerId: string }];
  /** The peer left and everything it owned is closed. */
  closed: [];
};
