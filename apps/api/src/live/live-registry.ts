import { Inject, Injectable } from '@nestjs/common';
import type { AttendanceKind, LiveServerEvents, LiveSessionInfo } from '@hearth/contracts';
import { DomainError, type LiveSession } from '@hearth/domain';
import type { Peer, Room } from '@hearth/sfu';
import type { types } from 'mediasoup';
import type { SessionAgendaState } from '../agenda/agenda.service';
import type { AttendanceService } from './attendance.service';
import { ClusterService } from './cluster.service';
import type { PersonQuality } from './live-quality.service';

/** What the live layer needs of one client connection (a socket.io socket is one). */
export interface LiveChannel {
  readonly id: string;
  emit<E extends keyof LiveServerEvents>(
    event: E,
    ...args: Parameters<LiveServerEvents[E]>
  ): unknown;
  disconnect(close?: boolean): unknown;
}

/** One person's connection to one session. */
export interface Connection {
  readonly channel: LiveChannel;
  readonly personId: string;
  /** Set once the client's Device is loaded (media:ready): consumers can be made for it. */
  rtpCapabilities: types.RtpCapabilities | undefined;
  peer: Peer | undefined;
  /**
   * This connection's page's public key for end-to-end encryption and the hash of the safety
   * code it shows; it goes with the connection (a new page makes a new key pair).
   */
  e2ee?: { publicKey: string; codeHash: string | null } | undefined;
}

/** A session whose live room is open on this node. */
export interface Hosted {
  readonly sessionId: string;
  readonly practiceId: string;
  /** As it was when the room opened; a reschedule during the call does not move it. */
  readonly info: LiveSessionInfo;
  readonly live: LiveSession;
  /** Connections by person id: at most one per person. */
  readonly connections: Map<string, Connection>;
  /** The session's active clients in roster order, for go-rounds. */
  readonly rosterOrder: readonly string[];
  agenda: SessionAgendaState;
  /** The snapshot last kept in Redis (several nodes), so an unchanged one is not written again. */
  savedSnapshot: string | undefined;
  /** When this node began hosting it (ms since the epoch). */
  readonly openedAt: number;
  room: Room | undefined;
  timer: NodeJS.Timeout | undefined;
  /** Connection quality per person: their media's scores, reported downlink and grade. */
  readonly quality: Map<string, PersonQuality>;
  /** People who asked for audio only: kept for the session, across their reconnects. */
  readonly audioOnly: Set<string>;
  /**
   * People whose current connection said it sends its camera with the background blurred or replaced;
   * cleared when they leave or join again (the new page says so again once its media is up).
   */
  readonly backgroundProcessed: Set<string>;
}

/** Where a channel is, once it has joined. */
export interface Seat {
  readonly hosted: Hosted;
  readonly connection: Connection;
}

/** How long after telling a client it is out its socket is closed (ms). */
export const CLOSE_AFTER_NOTICE_MS = 200;

/**
 * The live sessions hosted on this node and which connection sits where. Every live unit reads
 * the same registry; the lookups here are the per-request access checks they start with — and
 * the fence: every request of a session is refused on a node that no longer holds the session's
 * lease (with several nodes), so a node that lost it changes nothing of the session, whatever
 * the request and however it got there.
 */
@Injectable()
export class LiveRegistry {
  readonly sessions = new Map<string, Hosted>();
  /** Sessions being set up (loading agenda, roster and snapshot), so that happens once. */
  readonly hosting = new Map<string, Promise<Hosted>>();
  /** Seats by channel id. */
  readonly seats = new Map<string, Seat>();

  constructor(@Inject(ClusterService) private readonly cluster: Pick<ClusterService, 'holds'>) {}

  /** The session a channel sits in, if any (for logging a fault against it). */
  sessionOf(channel: LiveChannel): Hosted | undefined {
    return this.seats.get(channel.id)?.hosted;
  }

  joined(channel: LiveChannel): Seat {
    const seat = this.seats.get(channel.id);
    if (!seat) throw new DomainError('conflict', 'Join a session first');
    this.assertHeld(seat.hosted);
    return seat;
  }

  /**
   * Refuses to act on a session this node no longer holds the lease of (another node hosts it
   * now, or Redis was away for longer than the lease): its people are to join it again.
   */
  assertHeld(hosted: Hosted): void {
    if (this.sessions.get(hosted.sessionId) === hosted && this.cluster.holds(hosted.sessionId)) {
      return;
    }
    throw new DomainError('conflict', 'This session has moved; join it again', {
      reason: 'session_moved',
    });
  }

  admitted(channel: LiveChannel): Seat {
    const seat = this.joined(channel);
    if (!seat.hosted.live.isAdmitted(seat.connection.personId)) {
      throw new DomainError('forbidden', 'Wait until a therapist lets you into the call', {
        reason: 'not_admitted',
      });
    }
    return seat;
  }

  /** A channel of someone in the call, or reconnecting to it (dropped, seat held). */
  inCall(channel: LiveChannel): Seat {
    const seat = this.joined(channel);
    const presence = seat.hosted.live.presenceOf(seat.connection.personId);
    if (presence !== 'admitted' && presence !== 'reconnecting') {
      throw new DomainError('forbidden', 'Wait until a therapist lets you into the call', {
        reason: 'not_admitted',
      });
    }
    return seat;
  }

  /** The admitted channel's open media peer. */
  mediaPeer(channel: LiveChannel): Seat & { readonly peer: Peer } {
    const seat = this.admitted(channel);
    const peer = seat.connection.peer;
    if (!peer || peer.closed) {
      throw new DomainError('conflict', 'Ask for the media capabilities first');
    }
    return { ...seat, peer };
  }

  /**
   * Like {@link mediaPeer}, but also while the person is reconnecting (dropped, seat held): an
   * ICE restart is how a client on a broken media path gets back.
   */
  recoveringPeer(channel: LiveChannel): Seat & { readonly peer: Peer } {
    const seat = this.inCall(channel);
    const peer = seat.connection.peer;
    if (!peer || peer.closed) {
      throw new DomainError('conflict', 'Ask for the media capabilities first');
    }
    return { ...seat, peer };
  }

  /** Forgets a connection's seat and media (the caller tells the client why). */
  unseat(hosted: Hosted, connection: Connection): void {
    if (hosted.connections.get(connection.personId) === connection) {
      hosted.connections.delete(connection.personId);
      hosted.backgroundProcessed.delete(connection.personId);
    }
    const seat = this.seats.get(connection.channel.id);
    if (seat?.connection === connection) this.seats.delete(connection.channel.id);
    closePeer(connection);
  }
}

/** Closes a connection's media; the connection itself stays. */
export function closePeer(connection: Connection): void {
  const peer = connection.peer;
  connection.peer = undefined;
  connection.rtpCapabilities = undefined;
  peer?.close();
}

/** Appends to the session's attendance log without holding anything up. */
export function recordAttendance(
  attendance: Pick<AttendanceService, 'record'>,
  hosted: Hosted,
  personId: string,
  kind: AttendanceKind,
  at: Date,
): void {
  void attendance.record(
    { practiceId: hosted.practiceId, sessionId: hosted.sessionId, personId, kind },
    at,
  );
}
