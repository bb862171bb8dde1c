import { bookingConflicts } from './booking-conflicts';

const at = (hhmm: string, day = '2027-03-01') => new Date(`${day}T${hhmm}:00Z`);
const therapist = { personId: 't-1', role: 'therapist' as const };
const client = { personId: 'c-1', role: 'client' as const };

describe('bookingConflicts', () => {
  const proposed = [
    { number: 1, startsAt: at('10:00'), endsAt: at('10:50') },
    { number: 2, startsAt: at('10:00', '2027-03-08'), endsAt: at('10:50', '2027-03-08') },
  ];

  it('names the session, person and times of each clash, per slot then per participant', () => {
    const existing = [
      { personId: 'c-1', sessionId: 's-b', startsAt: at('10:30'), endsAt: at('11:20') },
      { personId: 't-1', sessionId: 's-a', startsAt: at('09:30'), endsAt: at('10:20') },
      { personId: 'x-9', sessionId: 's-z', startsAt: at('10:00'), endsAt: at('10:50') },
    ];
    expect(bookingConflicts([therapist, client], proposed, existing)).toEqual([
      {
        sessionNumber: 1,
        startsAt: '2027-03-01T10:00:00.000Z',
        endsAt: '2027-03-01T10:50:00.000Z',
        personId: 't-1',
        role: 'therapist',
        existingSessionId: 's-a',
        existingStartsAt: '2027-03-01T09:30:00.000Z',
        existingEndsAt: '2027-03-01T10:20:00.000Z',
      },
      expect.objectContaining({ sessionNumber: 1, personId: 'c-1', existingSessionId: 's-b' }),
    ]);
  });

  it('lets back-to-back sessions stand and ignores other people', () => {
    const existing = [
      { personId: 't-1', sessionId: 's-a', startsAt: at('10:50'), endsAt: at('11:40') },
      { personId: 'x-9', sessionId: 's-z', startsAt: at('10:00'), endsAt: at('10:50') },
    ];
    expect(bookingConflicts([therapist, client], proposed, existing)).toEqual([]);
  });

  it('never reports a moving session as clashing with itself', () => {
    const moving = [{ id: 's-a', startsAt: at('10:10'), endsAt: at('11:00') }];
    const existing = [
      { personId: 't-1', sessionId: 's-a', startsAt: at('10:00'), endsAt: at('10:50') },
    ];
    expect(bookingConflicts([therapist], moving, existing)).toEqual([]);
  });
});
