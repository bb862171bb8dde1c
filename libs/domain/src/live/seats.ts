import { DomainError } from '../errors/domain-error';
import type { Entrant, LiveRole, Presence } from './live-types';

/** One participant's place in the session, whatever their presence. */
export interface Seat {
  readonly id: string;
  readonly displayName: string;
  readonly role: LiveRole;
  presence: Presence;
  /** What the seat returns to when a dropped participant comes back. */
  presenceBeforeDrop: Exclude<Presence, 'reconnecting'>;
  since: Date;
  seatHeldUntil: Date | null;
  microphoneOn: boolean;
  cameraOn: boolean;
  screenSharing: boolean;
  unmuteLocked: boolean;
  /** Ordinal of the raised hand (lower is earlier), null with the hand down. */
  handRaisedAt: number | null;
  breakoutRoom: number | null;
}

/** A fresh seat: media off, hand down, in the main room. */
export function newSeat(
  entrant: Entrant,
  presence: Exclude<Presence, 'reconnecting'>,
  now: Date,
): Seat {
  return {
    id: entrant.id,
    displayName: entrant.displayName,
    role: entrant.role,
    presence,
    presenceBeforeDrop: presence,
    since: now,
    seatHeldUntil: null,
    microphoneOn: false,
    cameraOn: false,
    screenSharing: false,
    unmuteLocked: false,
    handRaisedAt: null,
    breakoutRoom: null,
  };
}

/**
 * Everyone with a seat in one session, in the order they came, and the checks every request
 * starts with: that the person is there, let in, or a therapist in the call.
 */
export class SeatTable {
  readonly #seats = new Map<string, Seat>();

  get size(): number {
    return this.#seats.size;
  }

  /** Ids of everyone with a seat, in any presence. */
  get ids(): string[] {
    return [...this.#seats.keys()];
  }

  /** Every seat, in the order they were taken. */
  all(): Seat[] {
    return [...this.#seats.values()];
  }

  find(id: string): Seat | undefined {
    return this.#seats.get(id);
  }

  add(seat: Seat): void {
    this.#seats.set(seat.id, seat);
  }

  delete(id: string): boolean {
    return this.#seats.delete(id);
  }

  /** The person's seat; throws not_found. */
  of(id: string): Seat {
    const seat = this.#seats.get(id);
    if (!seat) throw new DomainError('not_found', 'That person is not in this session');
    return seat;
  }

  /** The seat of someone let into the call; throws forbidden (not_admitted) for the waiting. */
  admitted(id: string): Seat {
    const seat = this.of(id);
    if (seat.presence !== 'admitted') {
      throw new DomainError('forbidden', 'Wait until a therapist lets you into the call', {
        reason: 'not_admitted',
      });
    }
    return seat;
  }

  /** Whether this person is one of the session's therapists and in the call right now. */
  isTherapistInCall(id: string): boolean {
    const seat = this.#seats.get(id);
    return seat !== undefined && seat.role === 'therapist' && seat.presence === 'admitted';
  }

  /** Only a therapist in the call moderates; throws forbidden for anyone else. */
  assertTherapist(actorId: string): void {
    if (!this.isTherapistInCall(actorId)) {
      throw new DomainError('forbidden', 'Only the session’s therapists can do that');
    }
  }
}
