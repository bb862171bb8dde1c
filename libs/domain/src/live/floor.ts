import { DomainError } from '../errors/domain-error';
import type { LiveMediaSource, LiveSessionSnapshot } from './live-types';
import type { Seat, SeatTable } from './seats';

/** The floor's part of a session's snapshot. */
export type FloorSnapshot = Required<Pick<LiveSessionSnapshot, 'hands' | 'unmuteLocked'>>;

/**
 * Who may speak and who asks to: each participant's own tracks, the therapists' mutes (with or
 * without a lock on unmuting) and the queue of raised hands.
 */
export class Floor {
  #handCounter = 0;
  /**
   * Carried over from the server the session moved from, for people not back yet: their raised
   * hand's ordinal and their mute lock, given back when they take a seat here.
   */
  readonly #carriedHands = new Map<string, number>();
  readonly #carriedLocks = new Set<string>();

  constructor(private readonly seats: SeatTable) {}

  /**
   * Records that a participant's own track went on or off. Turning the microphone on while a
   * therapist holds it muted is refused.
   */
  setMedia(id: string, source: LiveMediaSource, on: boolean): void {
    const seat = this.seats.admitted(id);
    this.assertMayTurnOn(id, source, on);
    if (source === 'microphone') seat.microphoneOn = on;
    else if (source === 'camera') seat.cameraOn = on;
    else seat.screenSharing = on;
  }

  /** Whether this participant may turn their microphone on now. */
  mayUnmute(id: string): boolean {
    return !this.seats.find(id)?.unmuteLocked;
  }

  /**
   * The one mute-lock rule: turning the microphone on (publishing it unpaused, or resuming it)
   * while a therapist holds it muted is refused. Anything else passes.
   */
  assertMayTurnOn(id: string, source: LiveMediaSource, on: boolean): void {
    if (source === 'microphone' && on && !this.mayUnmute(id)) {
      throw new DomainError('forbidden', 'A therapist has muted you; they can let you unmute', {
        reason: 'unmute_locked',
      });
    }
  }

  /** Mutes a client's microphone; with `lock` they cannot unmute until a therapist allows it. */
  mute(actorId: string, targetId: string, lock: boolean): void {
    this.seats.assertTherapist(actorId);
    const seat = this.seats.of(targetId);
    if (seat.role !== 'client') throw new DomainError('conflict', 'Therapists cannot be muted');
    seat.microphoneOn = false;
    if (lock) seat.unmuteLocked = true;
  }

  /** Mutes every client; returns their ids. */
  muteAll(actorId: string, lock: boolean): string[] {
    this.seats.assertTherapist(actorId);
    const clients = this.seats.all().filter((seat) => seat.role === 'client');
    for (const seat of clients) {
      seat.microphoneOn = false;
      if (lock) seat.unmuteLocked = true;
    }
    return clients.map((seat) => seat.id);
  }

  /** Lets one client (or, without a target, every client) unmute again. */
  unlockMute(actorId: string, targetId?: string): void {
    this.seats.assertTherapist(actorId);
    if (targetId !== undefined) {
      this.seats.of(targetId).unmuteLocked = false;
      return;
    }
    for (const seat of this.seats.all()) seat.unmuteLocked = false;
    this.#carriedLocks.clear();
  }

  /** Raises an admitted participant's hand; a hand already up keeps its place in the queue. */
  raiseHand(id: string): void {
    const seat = this.seats.admitted(id);
    if (seat.handRaisedAt === null) seat.handRaisedAt = ++this.#handCounter;
  }

  /** Lowers the actor's own hand, or (therapists) someone else's. */
  lowerHand(actorId: string, targetId: string = actorId): void {
    if (targetId !== actorId) this.seats.assertTherapist(actorId);
    else this.seats.admitted(actorId);
    this.seats.of(targetId).handRaisedAt = null;
  }

  lowerAllHands(actorId: string): void {
    this.seats.assertTherapist(actorId);
    for (const seat of this.seats.all()) seat.handRaisedAt = null;
    this.#carriedHands.clear();
  }

  /** Ids of the raised hands, earliest first. */
  handQueue(): string[] {
    return this.seats
      .all()
      .filter((seat) => seat.handRaisedAt !== null)
      .sort((a, b) => (a.handRaisedAt ?? 0) - (b.handRaisedAt ?? 0))
      .map((seat) => seat.id);
  }

  /** Raised hands (earliest first) and mute locks, also of people not back yet. */
  snapshot(): FloorSnapshot {
    const hands = new Map(this.#carriedHands);
    const locked = new Set(this.#carriedLocks);
    for (const seat of this.seats.all()) {
      if (seat.handRaisedAt !== null) hands.set(seat.id, seat.handRaisedAt);
      if (seat.unmuteLocked) locked.add(seat.id);
    }
    return {
      hands: [...hands].sort((a, b) => a[1] - b[1]).map(([id]) => id),
      unmuteLocked: [...locked],
    };
  }

  /** Carries on the hands and mute locks of a session that moved here. */
  restore(snapshot: Partial<FloorSnapshot>): void {
    for (const id of snapshot.hands ?? []) this.#carriedHands.set(id, ++this.#handCounter);
    for (const id of snapshot.unmuteLocked ?? []) this.#carriedLocks.add(id);
  }

  /** Someone took a seat in the call here: what was carried over for them is theirs again. */
  seated(seat: Seat): void {
    const hand = this.#carriedHands.get(seat.id);
    if (hand !== undefined) seat.handRaisedAt = hand;
    if (this.#carriedLocks.has(seat.id)) seat.unmuteLocked = true;
    this.#carriedHands.delete(seat.id);
    this.#carriedLocks.delete(seat.id);
  }
}
