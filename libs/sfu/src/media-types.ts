import type { types } from 'mediasoup';

/** What a producer carries; screen share is a second video producer next to the camera. */
export type MediaSource = 'camera' | 'microphone' | 'screen';

/** Which way media flows on a transport, seen from the client. */
export type TransportDirection = 'send' | 'recv';

/** A peer's part in the session; the SFU keeps no names, only ids and roles. */
export type PeerRole = 'therapist' | 'client';

/** What the application tells a room about a joining peer. */
export interface PeerInfo {
  readonly role: PeerRole;
}

/** appData of every producer, so any holder of a Producer knows whose it is and what it shows. */
export type ProducerAppData = { readonly peerId: string; readonly source: MediaSource };

/** appData of every consumer. */
export type ConsumerAppData = {
  /** The peer who receives. */
  readonly peerId: string;
  /** The peer whose producer is consumed. */
  readonly producerPeerId: string;
  readonly source: MediaSource;
};

/** appData of every transport. */
export type TransportAppData = { readonly peerId: string; readonly direction: TransportDirection };

/** A producer of a peer in a room. */
export type PeerProducer = types.Producer<ProducerAppData>;

/** A consumer of a peer in a room. */
export type PeerConsumer = types.Consumer<ConsumerAppData>;

/** The media kind a source must have. */
export function kindOfSource(source: MediaSource): types.MediaKind {
  return source === 'microphone' ? 'audio' : 'video';
}
