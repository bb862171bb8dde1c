import type { EventEmitter } from 'node:events';
import type { PeerEvents } from './peer-types';
import { SfuError } from './sfu-error';

/**
 * What the parts of a `Peer` (its transports, producers and consumers) know of the peer they
 * belong to: its id, whether it has left, and its events.
 */
export interface PeerHandle extends Pick<EventEmitter<PeerEvents>, 'emit'> {
  readonly id: string;
  readonly closed: boolean;
}

/** The error of a request to a peer that left the room. */
export function peerGoneError(peer: PeerHandle): SfuError {
  return new SfuError('peer_not_found', 'The peer has left the room', { peerId: peer.id });
}

/** Throws `peer_not_found` once the peer has left. */
export function assertPeerOpen(peer: PeerHandle): void {
  if (peer.closed) throw peerGoneError(peer);
}

/** The message of a rejection from the worker, for an SfuError. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
