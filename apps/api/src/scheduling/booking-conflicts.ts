import type { BookingConflict } from '@hearth/contracts';
import { findConflicts } from '@hearth/domain';

/** Someone who takes part in a session and so needs the time free. */
export interface Participant {
  readonly personId: string;
  readonly role: 'therapist' | 'client';
}

/** A time being proposed: a new session of a series (by number) or an existing one moving (by id). */
export interface ProposedSlot {
  readonly number?: number;
  /** The session being moved; its own bookings never conflict with it. */
  readonly id?: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
}

/** A live booking already in someone's calendar. */
export interface ExistingBooking {
  readonly personId: string;
  readonly sessionId: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
}

/**
 * Every double-booking the proposed slots would cause, per participant, using the domain's
 * `findConflicts` (earliest clash per slot and person). Ordered by slot, then by the order of
 * `participants`, so the answer is stable.
 */
export function bookingConflicts(
  participants: readonly Participant[],
  proposed: readonly ProposedSlot[],
  existing: readonly ExistingBooking[],
): BookingConflict[] {
  const found: { slot: number; order: number; conflict: BookingConflict }[] = [];
  participants.forEach((participant, order) => {
    const calendar = existing
      .filter((booking) => booking.personId === participant.personId)
      .map((booking) => ({
        id: booking.sessionId,
        startsAt: booking.startsAt,
        endsAt: booking.endsAt,
        cancelled: false,
      }));
    if (calendar.length === 0) return;
    for (const { proposed: slot, existing: clash } of findConflicts(proposed, calendar)) {
      found.push({
        slot: proposed.indexOf(slot),
        order,
        conflict: {
          ...(slot.number === undefined ? {} : { sessionNumber: slot.number }),
          startsAt: slot.startsAt.toISOString(),
          endsAt: slot.endsAt.toISOString(),
          personId: participant.personId,
          role: participant.role,
          existingSessionId: clash.id,
          existingStartsAt: clash.startsAt.toISOString(),
          existingEndsAt: clash.endsAt.toISOString(),
        },
      });
    }
  });
  return found.sort((a, b) => a.slot - b.slot || a.order - b.order).map((entry) => entry.conflict);
}
