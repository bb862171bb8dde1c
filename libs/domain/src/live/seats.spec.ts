import { isDomainError } from '../errors/domain-error';
import type { Entrant } from './live-types';
import { newSeat, SeatTable } from './seats';

const t0 = new Date('2026-03-02T18:00:00Z');
const therapist: Entrant = {
  id: 't',
  displayName: 'Dr Okafor',
  role: 'therapist',
  knownMember: false,
};
const ana: Entrant = { id: 'a', displayName: 'Ana', role: 'client', knownMember: true };

/** 'ok', or the refusal's code with its reason (e.g. 'forbidden:not_admitted'). */
function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const reason = error.details?.['reason'];
    return typeof reason === 'string' ? `${error.code}:${reason}` : error.code;
  }
  return 'ok';
}

describe('newSeat', () => {
  it('starts with media off, the hand down, no hold and in the main room', () => {
    expect(newSeat(ana, 'waiting', t0)).toEqual({
      id: 'a',
      displayName: 'Ana',
      role: 'client',
      presence: 'waiting',
      presenceBeforeDrop: 'waiting',
      since: t0,
      seatHeldUntil: null,
      microphoneOn: false,
      cameraOn: false,
      screenSharing: false,
      unmuteLocked: false,
      handRaisedAt: null,
      breakoutRoom: null,
    });
  });
});

describe('SeatTable', () => {
  it('keeps seats in the order they were taken and forgets deleted ones', () => {
    const seats = new SeatTable();
    seats.add(newSeat(ana, 'waiting', t0));
    seats.add(newSeat(therapist, 'admitted', t0));
    expect(seats.ids).toEqual(['a', 't']);
    expect(seats.all().map((seat) => seat.id)).toEqual(['a', 't']);
    expect(seats.delete('a')).toBe(true);
    expect(seats.delete('a')).toBe(false);
    expect(seats.size).toBe(1);
    expect(seats.find('a')).toBeUndefined();
  });

  it('refuses a missing person, a waiting one, and a non-therapist actor', () => {
    const seats = new SeatTable();
    seats.add(newSeat(ana, 'waiting', t0));
    seats.add(newSeat(therapist, 'admitted', t0));
    expect(codeOf(() => seats.of('nobody'))).toBe('not_found');
    expect(codeOf(() => seats.admitted('a'))).toBe('forbidden:not_admitted');
    expect(codeOf(() => seats.admitted('t'))).toBe('ok');
    expect(codeOf(() => seats.assertTherapist('a'))).toBe('forbidden');
    expect(codeOf(() => seats.assertTherapist('nobody'))).toBe('forbidden');
    expect(codeOf(() => seats.assertTherapist('t'))).toBe('ok');
  });

  it('counts a therapist as in the call only while admitted', () => {
    const seats = new SeatTable();
    seats.add(newSeat(therapist, 'admitted', t0));
    expect(seats.isTherapistInCall('t')).toBe(true);
    seats.of('t').presence = 'reconnecting';
    expect(seats.isTherapistInCall('t')).toBe(false);
    expect(codeOf(() => seats.assertTherapist('t'))).toBe('forbidden');
  });
});
