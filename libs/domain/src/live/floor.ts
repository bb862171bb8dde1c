import { DomainError } from '../errors/domain-error';
import type { LiveMediaSource } from './live-types';
import type { SeatTable } from './seats';

/**
 * Who may speak and who asks to: each participant's own tracks, the therapists' mutes (with or
 * without a lock on unmuting) and the queue of raised hands.
 */
export class Floor {
  #handCounter = 0;

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
  }

  /** Ids of the raised hands, earliest first. */
  handQueue(): string[] {
    return this.seats
      .all()
      .filter((seat) => seat.handRaisedAt !== null)
      .sort((a, b) => (a.handRaisedAt ?? 0) - (b.handRaisedAt ?? 0))
      .map((seat) => seat.id);
  }
}
