import { isDomainError } from '../errors/domain-error';
import { Admission, SEAT_HOLD_MS } from './admission';
import type { Entrant } from './live-types';
import { SeatTable } from './seats';

const t0 = new Date('2026-03-02T18:00:00Z');
const after = (ms: number) => new Date(t0.getTime() + ms);

const therapist: Entrant = {
  id: 't',
  displayName: 'Dr Okafor',
  role: 'therapist',
  knownMember: false,
};
const ana: Entrant = { id: 'a', displayName: 'Ana', role: 'client', knownMember: true };
const ben: Entrant = { id: 'b', displayName: 'Ben', role: 'client', knownMember: false };

/** 'ok', or the refusal's code with its reason (e.g. 'forbidden:removed'). */
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

function door(autoAdmitMembers = false): { seats: SeatTable; door: Admission } {
  const seats = new SeatTable();
  const admission = new Admission(seats, autoAdmitMembers);
  admission.join(therapist, t0);
  return { seats, door: admission };
}

describe('Admission — joining', () => {
  it('seats therapists in the call, clients in the waiting room unless auto-admitted', () => {
    const { seats, door: plain } = door();
    expect(plain.join(ana, t0)).toEqual({ presence: 'waiting', returning: false });
    expect(seats.of('t').presence).toBe('admitted');
    const auto = door(true).door;
    expect(auto.join(ana, t0).presence).toBe('admitted');
    expect(auto.join(ben, t0).presence).toBe('waiting');
  });

  it('refuses a removed client and any new client while locked', () => {
    const { seats, door: d } = door();
    d.join(ana, t0);
    d.admit('t', 'a', t0);
    d.remove('t', 'a');
    // Recording the removal leaves the seat to the session to free.
    expect(seats.find('a')).toBeDefined();
    seats.delete('a');
    expect(codeOf(() => d.join(ana, t0))).toBe('forbidden:removed');
    d.setLocked('t', true);
    expect(d.locked).toBe(true);
    expect(codeOf(() => d.join(ben, t0))).toBe('conflict:locked');
    expect(seats.find('b')).toBeUndefined();
  });
});

describe('Admission — dropped connections', () => {
  it('holds a dropped seat, gives it back on return, and reports holds that ran out', () => {
    const { seats, door: d } = door();
    d.join(ana, t0);
    d.drop('a', t0);
    expect(seats.of('a')).toMatchObject({
      presence: 'reconnecting',
      presenceBeforeDrop: 'waiting',
    });
    // A second drop does not extend the hold.
    d.drop('a', after(10_000));
    expect(d.holdsRunOut(after(SEAT_HOLD_MS - 1))).toEqual([]);
    expect(d.holdsRunOut(after(SEAT_HOLD_MS))).toEqual(['a']);
    expect(d.join(ana, after(SEAT_HOLD_MS))).toEqual({ presence: 'waiting', returning: true });
    expect(d.holdsRunOut(after(10 * SEAT_HOLD_MS))).toEqual([]);
  });

  it('recovers only a seat that is reconnecting', () => {
    const { seats, door: d } = door();
    expect(d.recover('t')).toBe(false);
    expect(d.recover('nobody')).toBe(false);
    d.drop('t', t0);
    expect(d.recover('t')).toBe(true);
    expect(seats.of('t')).toMatchObject({ presence: 'admitted', seatHeldUntil: null });
  });
});

describe('Admission — the waiting room', () => {
  it('admits one or all with a new since-time; only therapists may', () => {
    const { seats, door: d } = door();
    d.join(ana, t0);
    d.join(ben, t0);
    expect(codeOf(() => d.admit('a', 'b', t0))).toBe('forbidden');
    d.admit('t', 'a', after(1000));
    expect(seats.of('a')).toMatchObject({ presence: 'admitted', since: after(1000) });
    expect(codeOf(() => d.admit('t', 'a', t0))).toBe('conflict');
    expect(d.admitAll('t', after(2000))).toEqual(['b']);
    expect(d.admitAll('t', after(3000))).toEqual([]);
  });

  it('checks a denial without freeing the seat, and only for someone waiting', () => {
    const { seats, door: d } = door();
    d.join(ana, t0);
    expect(codeOf(() => d.deny('t', 'a'))).toBe('ok');
    expect(seats.find('a')).toBeDefined();
    expect(codeOf(() => d.deny('t', 't'))).toBe('conflict');
    expect(codeOf(() => d.deny('a', 'a'))).toBe('forbidden');
  });

  it('sends an admitted client back with media off and the hand down', () => {
    const { seats, door: d } = door();
    d.join(ana, t0);
    d.admit('t', 'a', t0);
    Object.assign(seats.of('a'), { microphoneOn: true, cameraOn: true, handRaisedAt: 3 });
    const seat = d.sendBack('t', 'a', after(5000));
    expect(seat).toMatchObject({
      presence: 'waiting',
      presenceBeforeDrop: 'waiting',
      since: after(5000),
      microphoneOn: false,
      cameraOn: false,
      screenSharing: false,
      handRaisedAt: null,
    });
    expect(codeOf(() => d.sendBack('t', 'a', t0))).toBe('conflict');
    expect(codeOf(() => d.sendBack('t', 't', t0))).toBe('conflict');
  });

  it('refuses to remove a therapist', () => {
    const { door: d } = door();
    expect(codeOf(() => d.remove('t', 't'))).toBe('conflict');
    expect(d.wasRemoved('t')).toBe(false);
  });
});

describe('Admission — moving to another server', () => {
  it('snapshots who was let in (also while dropped), who was removed and the lock', () => {
    const { door: d } = door();
    d.join(ana, t0);
    d.admit('t', 'a', t0);
    d.drop('a', t0);
    d.join(ben, t0);
    d.remove('t', 'b');
    d.setLocked('t', true);
    const snapshot = d.snapshot();
    expect(snapshot).toEqual({ admitted: ['t', 'a'], removed: ['b'], locked: true });

    const seats = new SeatTable();
    const moved = new Admission(seats, false);
    moved.restore(snapshot);
    expect(moved.locked).toBe(true);
    expect(moved.wasRemoved('b')).toBe(true);
    // Not back yet: still carried on in the next snapshot.
    expect(moved.snapshot().admitted).toEqual(['t', 'a']);
    expect(moved.join(ana, t0)).toEqual({ presence: 'admitted', returning: false });
  });
});
