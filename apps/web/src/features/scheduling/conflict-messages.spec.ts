import { ApiError, type BookingConflict } from '@hearth/contracts';
import { describe, expect, it } from 'vitest';
import { conflictMessage, conflictSummary, doubleBookings } from './conflict-messages';

const conflict: BookingConflict = {
  sessionNumber: 2,
  startsAt: '2026-01-12T10:00:00.000Z',
  endsAt: '2026-01-12T10:50:00.000Z',
  personId: '7c9d0e1f-2a3b-4c5d-8e6f-7a8b9c0d1e22',
  role: 'therapist',
  existingSessionId: '0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a55',
  existingStartsAt: '2026-01-12T10:30:00.000Z',
  existingEndsAt: '2026-01-12T11:20:00.000Z',
};
const names = new Map([[conflict.personId, 'Theo Therapist']]);

describe('conflict messages', () => {
  it('names who is double-booked and the session in the way, in the given zone', () => {
    expect(conflictMessage(conflict, (id) => names.get(id), 'Europe/London')).toBe(
      'Theo Therapist (therapist) already has a session then: Monday, 12 January 2026, 10:30–11:20 GMT.',
    );
  });

  it('still reports a clash for someone the screen cannot name', () => {
    expect(conflictMessage({ ...conflict, role: 'client' }, () => undefined, 'UTC')).toMatch(
      /^Someone taking part \(client\) already has a session then/,
    );
  });

  it('reads the conflicts of a 409 double booking and nothing else', () => {
    const error = new ApiError(409, 'conflict', 'overlap', {
      reason: 'double_booked',
      conflicts: [conflict],
    });
    expect(doubleBookings(error)).toEqual([conflict]);
    expect(
      doubleBookings(new ApiError(409, 'conflict', 'full', { reason: 'capacity_exceeded' })),
    ).toEqual([]);
    expect(doubleBookings(new TypeError('offline'))).toEqual([]);
  });

  it('summarises each clash once', () => {
    expect(conflictSummary([conflict, conflict], (id) => names.get(id), 'UTC')).toHaveLength(1);
  });
});
