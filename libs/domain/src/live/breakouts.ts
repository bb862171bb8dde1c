import { DomainError } from '../errors/domain-error';
import type { BreakoutsSnapshot, BreakoutsView } from './live-types';
import type { Seat, SeatTable } from './seats';

/** Breakouts may split the clients into this many rooms. */
export const breakoutRoomLimits = { min: 2, max: 4 } as const;
/** The warning before breakouts end by themselves (ms). */
export const BREAKOUT_WARNING_MS = 60_000;

interface Running {
  rooms: string[][];
  endsAt: Date | null;
  warned: boolean;
}

/** What {@link Breakouts.tick} found due. */
export interface BreakoutTick {
  /** Seconds left when the one-minute warning became due, else null. */
  readonly warning: number | null;
  /** The countdown ran out and everyone is back in the main room. */
  readonly ended: boolean;
}

/**
 * Breakout rooms: clients split into 2–4 rooms, therapists visiting one at a time, an optional
 * countdown with a one-minute warning, and whose media reaches whom while they run. Each seat
 * carries its room (null: the main room).
 */
export class Breakouts {
  #running: Running | null = null;
  /** Therapists' rooms carried over from the server the session moved from, until they are back. */
  readonly #carriedVisits = new Map<string, number>();

  constructor(private readonly seats: SeatTable) {}

  get running(): boolean {
    return this.#running !== null;
  }

  /**
   * Splits admitted clients into 2–4 rooms. Clients left out stay in the main room with the
   * therapists, who then move between rooms with {@link visit}. A bad split changes nothing.
   */
  start(actorId: string, rooms: string[][], minutes: number | null, now: Date): void {
    this.seats.assertTherapist(actorId);
    if (this.#running) throw new DomainError('conflict', 'Breakouts are already running');
    if (rooms.length < breakoutRoomLimits.min || rooms.length > breakoutRoomLimits.max) {
      throw new DomainError('validation_failed', 'Breakouts need 2 to 4 rooms', {
        issues: [{ location: 'body', path: 'rooms', message: 'must list 2 to 4 rooms' }],
      });
    }
    const seen = new Set<string>();
    rooms.forEach((room, index) => {
      if (room.length === 0) {
        throw new DomainError('validation_failed', `Room ${index + 1} is empty`, {
          issues: [{ location: 'body', path: `rooms.${index}`, message: 'must not be empty' }],
        });
      }
      for (const id of room) {
        const seat = this.seats.find(id);
        if (!seat || seat.role !== 'client' || seat.presence === 'waiting') {
          throw new DomainError(
            'validation_failed',
            'Only clients in the call can go into breakouts',
            { issues: [{ location: 'body', path: `rooms.${index}`, message: 'not in the call' }] },
          );
        }
        if (seen.has(id)) {
          throw new DomainError('validation_failed', 'Each person can be in one room only', {
            issues: [{ location: 'body', path: `rooms.${index}`, message: 'listed twice' }],
          });
        }
        seen.add(id);
      }
    });
    this.#running = {
      rooms: rooms.map((room) => [...room]),
      endsAt: minutes === null ? null : new Date(now.getTime() + minutes * 60_000),
      warned: false,
    };
    rooms.forEach((room, index) => {
      for (const id of room) this.seats.of(id).breakoutRoom = index;
    });
  }

  /** A therapist moves into breakout room `room`, or back to the main room with null. */
  visit(actorId: string, room: number | null): void {
    this.seats.assertTherapist(actorId);
    if (!this.#running) throw new DomainError('conflict', 'No breakouts are running');
    if (room !== null && (room < 0 || room >= this.#running.rooms.length)) {
      throw new DomainError('not_found', `There is no room ${room + 1}`);
    }
    this.seats.of(actorId).breakoutRoom = room;
  }

  /** A therapist brings everyone back into the main room. */
  end(actorId: string): void {
    this.seats.assertTherapist(actorId);
    if (!this.#running) throw new DomainError('conflict', 'No breakouts are running');
    this.#end();
  }

  /** Ends the breakouts whose countdown ran out, or gives the one-minute warning once. */
  tick(now: Date): BreakoutTick {
    const endsAt = this.#running?.endsAt;
    if (!this.#running || !endsAt) return { warning: null, ended: false };
    const left = endsAt.getTime() - now.getTime();
    if (left <= 0) {
      this.#end();
      return { warning: null, ended: true };
    }
    if (left <= BREAKOUT_WARNING_MS && !this.#running.warned) {
      this.#running.warned = true;
      return { warning: Math.ceil(left / 1000), ended: false };
    }
    return { warning: null, ended: false };
  }

  /** Takes someone out of their room (sent back to the waiting room, or gone). */
  unassign(seat: Seat): void {
    seat.breakoutRoom = null;
    this.forget(seat.id);
  }

  /** Drops a participant who left from the room lists. */
  forget(id: string): void {
    if (this.#running) {
      this.#running.rooms = this.#running.rooms.map((room) => room.filter((m) => m !== id));
    }
  }

  /**
   * Whether `listener` should receive `speaker`'s media: both past the waiting room and in the
   * same room (the main room when no breakouts run).
   */
  canReceive(listenerId: string, speakerId: string): boolean {
    const listener = this.seats.find(listenerId);
    const speaker = this.seats.find(speakerId);
    if (!listener || !speaker || listener === speaker) return false;
    if (listener.presence === 'waiting' || speaker.presence === 'waiting') return false;
    return listener.breakoutRoom === speaker.breakoutRoom;
  }

  /** The rooms as views show them, or null while none run. */
  view(): BreakoutsView | null {
    if (!this.#running) return null;
    return {
      rooms: this.#running.rooms.map((room) => [...room]),
      endsAt: this.#running.endsAt?.toISOString() ?? null,
    };
  }

  /** The running breakouts, with therapists' visits also of those not back yet. */
  snapshot(): BreakoutsSnapshot | null {
    if (!this.#running) return null;
    const visits = new Map(this.#carriedVisits);
    for (const seat of this.seats.all()) {
      if (seat.role === 'therapist' && seat.breakoutRoom !== null) {
        visits.set(seat.id, seat.breakoutRoom);
      }
    }
    return {
      rooms: this.#running.rooms.map((room) => [...room]),
      endsAt: this.#running.endsAt?.toISOString() ?? null,
      warned: this.#running.warned,
      visits: [...visits].map(([id, room]) => ({ id, room })),
    };
  }

  /** Carries on breakouts that ran when the session moved here. */
  restore(snapshot: BreakoutsSnapshot | null | undefined): void {
    if (!snapshot || snapshot.rooms.length === 0) return;
    this.#running = {
      rooms: snapshot.rooms.map((room) => [...room]),
      endsAt: snapshot.endsAt === null ? null : new Date(snapshot.endsAt),
      warned: snapshot.warned,
    };
    for (const { id, room } of snapshot.visits) {
      if (room >= 0 && room < snapshot.rooms.length) this.#carriedVisits.set(id, room);
    }
  }

  /** Someone took a seat in the call here: back into their room, if breakouts run. */
  seated(seat: Seat): void {
    const visit = this.#carriedVisits.get(seat.id);
    this.#carriedVisits.delete(seat.id);
    if (!this.#running) return;
    if (seat.role === 'therapist') {
      if (visit !== undefined) seat.breakoutRoom = visit;
      return;
    }
    const room = this.#running.rooms.findIndex((members) => members.includes(seat.id));
    if (room >= 0) seat.breakoutRoom = room;
  }

  #end(): void {
    this.#running = null;
    this.#carriedVisits.clear();
    for (const seat of this.seats.all()) seat.breakoutRoom = null;
  }
}
