import type { BreakoutsView, ParticipantView, SessionViewModel } from './live-types';
import type { Seat } from './seats';

/** Everything a view is built from, as the session holds it at the moment. */
export interface ViewSource {
  readonly sessionId: string;
  readonly locked: boolean;
  /** Every seat, in the order they were taken. */
  readonly seats: readonly Seat[];
  /** Ids of the raised hands, earliest first. */
  readonly handQueue: readonly string[];
  readonly breakouts: BreakoutsView | null;
  readonly activeSpeakerId: string | null;
}

/**
 * What `viewer` sees: therapists see the waiting room too, admitted clients the call, and
 * waiting clients only themselves and the therapists.
 */
export function buildView(source: ViewSource, viewer: Seat): SessionViewModel {
  const participants = source.seats
    .filter((seat) => visibleTo(viewer, seat))
    .map((seat) => participantView(seat, source.handQueue));
  return {
    sessionId: source.sessionId,
    selfId: viewer.id,
    locked: source.locked,
    participants,
    breakouts: source.breakouts,
    activeSpeakerId: source.activeSpeakerId,
  };
}

function visibleTo(viewer: Seat, seat: Seat): boolean {
  if (seat === viewer || viewer.role === 'therapist') return true;
  // Someone still waiting (who may be turned away) learns nothing of the group but who the
  // therapists are.
  if (viewer.presence === 'waiting') return seat.role === 'therapist';
  return seat.presence !== 'waiting';
}

function participantView(seat: Seat, handQueue: readonly string[]): ParticipantView {
  return {
    id: seat.id,
    displayName: seat.displayName,
    role: seat.role,
    presence: seat.presence,
    since: seat.since.toISOString(),
    microphoneOn: seat.microphoneOn,
    cameraOn: seat.cameraOn,
    screenSharing: seat.screenSharing,
    unmuteLocked: seat.unmuteLocked,
    handPosition: seat.handRaisedAt === null ? null : handQueue.indexOf(seat.id) + 1,
    breakoutRoom: seat.breakoutRoom,
  };
}
