import { DomainError } from '../errors/domain-error';
import type { Entrant, JoinOutcome, LiveSessionSnapshot } from './live-types';
import { newSeat, type Seat, type SeatTable } from './seats';

/** The door's part of a session's snapshot. */
export type DoorSnapshot = Pick<LiveSessionSnapshot, 'admitted' | 'removed' | 'locked'>;

/** How long a dropped participant keeps their seat (ms). */
export const SEAT_HOLD_MS = 60_000;

/**
 * The session's door: who comes in, who waits, who is held a seat while their connection drops,
 * who was removed for good, and the lock. It changes presences only; freeing a seat (and what
 * goes with it) is the session's, which calls {@link Admission.deny} and {@link Admission.remove}
 * to check and record before it does.
 */
export class Admission {
  readonly #removed = new Set<string>();
  /** Admitted on the server the session moved from: they come back in without waiting. */
  readonly #admittedBefore = new Set<string>();
  #locked = false;

  constructor(
    private readonly seats: SeatTable,
    private readonly autoAdmitMembers: boolean,
  ) {}

  get locked(): boolean {
    return this.#locked;
  }

  wasRemoved(id: string): boolean {
    return this.#removed.has(id);
  }

  /**
   * Seats an entrant. A person who already has a seat gets it back as it was. Therapists go
   * straight in; clients wait unless the course auto-admits its known members. A removed person,
   * and any client new to a locked session, is refused.
   */
  join(entrant: Entrant, now: Date): JoinOutcome {
    if (this.#removed.has(entrant.id)) {
      throw new DomainError('forbidden', 'You were removed from this session', {
        reason: 'removed',
      });
    }
    const seat = this.seats.find(entrant.id);
    if (seat) {
      seat.presence = seat.presenceBeforeDrop;
      seat.seatHeldUntil = null;
      return { presence: seat.presenceBeforeDrop, returning: true };
    }
    if (this.#locked && entrant.role === 'client' && !this.#admittedBefore.has(entrant.id)) {
      throw new DomainError('conflict', 'The therapist has locked this session', {
        reason: 'locked',
      });
    }
    const admitted =
      entrant.role === 'therapist' ||
      this.#admittedBefore.delete(entrant.id) ||
      (this.autoAdmitMembers && entrant.knownMember);
    const presence = admitted ? 'admitted' : 'waiting';
    this.seats.add(newSeat(entrant, presence, now));
    return { presence, returning: false };
  }

  /** The participant's connection dropped: their seat is held until `now` + {@link SEAT_HOLD_MS}. */
  drop(id: string, now: Date): void {
    const seat = this.seats.find(id);
    if (!seat || seat.presence === 'reconnecting') return;
    seat.presenceBeforeDrop = seat.presence;
    seat.presence = 'reconnecting';
    seat.seatHeldUntil = new Date(now.getTime() + SEAT_HOLD_MS);
  }

  /** A dropped participant's connection came back on its own (their media path recovered). */
  recover(id: string): boolean {
    const seat = this.seats.find(id);
    if (!seat || seat.presence !== 'reconnecting') return false;
    seat.presence = seat.presenceBeforeDrop;
    seat.seatHeldUntil = null;
    return true;
  }

  /** Ids of the seats whose hold ran out by `now` (the session frees them). */
  holdsRunOut(now: Date): string[] {
    return this.seats
      .all()
      .filter((seat) => seat.seatHeldUntil !== null && seat.seatHeldUntil <= now)
      .map((seat) => seat.id);
  }

  /** Who was let in or removed and the lock (see {@link LiveSessionSnapshot}). */
  snapshot(): DoorSnapshot {
    const admitted = this.seats
      .all()
      .filter((seat) => seat.presence === 'admitted' || seat.presenceBeforeDrop === 'admitted')
      .map((seat) => seat.id);
    return {
      admitted: [...new Set([...admitted, ...this.#admittedBefore])],
      removed: [...this.#removed],
      locked: this.#locked,
    };
  }

  /** Carries on a session that moved here from another server. */
  restore(snapshot: DoorSnapshot): void {
    for (const id of snapshot.admitted) this.#admittedBefore.add(id);
    for (const id of snapshot.removed) this.#removed.add(id);
    this.#locked = snapshot.locked;
  }

  admit(actorId: string, targetId: string, now: Date): void {
    this.seats.assertTherapist(actorId);
    admitSeat(this.#waitingSeat(targetId), now);
  }

  /** Admits everyone waiting; returns their ids. */
  admitAll(actorId: string, now: Date): string[] {
    this.seats.assertTherapist(actorId);
    const waiting = this.seats.all().filter((seat) => seat.presence === 'waiting');
    for (const seat of waiting) admitSeat(seat, now);
    return waiting.map((seat) => seat.id);
  }

  /** Checks that a therapist may turn this person away (they wait); the session frees the seat. */
  deny(actorId: string, targetId: string): void {
    this.seats.assertTherapist(actorId);
    this.#waitingSeat(targetId);
  }

  /**
   * Moves an admitted client back to the waiting room: their media stops and their hand goes
   * down. Returns the seat (the session takes it out of any breakout room).
   */
  sendBack(actorId: string, targetId: string, now: Date): Seat {
    this.seats.assertTherapist(actorId);
    const seat = this.seats.of(targetId);
    if (seat.role !== 'client') {
      throw new DomainError('conflict', 'Only clients can be sent to the waiting room');
    }
    if (seat.presence !== 'admitted') {
      throw new DomainError('conflict', `${seat.displayName} is not in the call`);
    }
    seat.presence = 'waiting';
    seat.presenceBeforeDrop = 'waiting';
    seat.since = now;
    seat.handRaisedAt = null;
    seat.microphoneOn = false;
    seat.cameraOn = false;
    seat.screenSharing = false;
    return seat;
  }

  /** Bars a client for the rest of this session; the session frees their seat. */
  remove(actorId: string, targetId: string): void {
    this.seats.assertTherapist(actorId);
    const seat = this.seats.of(targetId);
    if (seat.role !== 'client') {
      throw new DomainError('conflict', 'Therapists cannot be removed from a session');
    }
    this.#removed.add(targetId);
  }

  setLocked(actorId: string, locked: boolean): void {
    this.seats.assertTherapist(actorId);
    this.#locked = locked;
  }

  #waitingSeat(id: string): Seat {
    const seat = this.seats.of(id);
    if (seat.presence !== 'waiting') {
      throw new DomainError('conflict', `${seat.displayName} is not in the waiting room`);
    }
    return seat;
  }
}

function admitSeat(seat: Seat, now: Date): void {
  seat.presence = 'admitted';
  seat.presenceBeforeDrop = 'admitted';
  seat.since = now;
}
