import { isDomainError } from '../errors/domain-error';
import { assertJoinable } from '../live/join-window';
import { rosterStatuses, type RosterStatus } from './course-format';
import { assertMayJoin, joinBlocks, type JoinCandidate } from './roster-join';

const startsAt = new Date('2026-12-07T09:00:00Z');
const endsAt = new Date('2026-12-07T10:30:00Z');
const at = (iso: string) => new Date(iso);

// Moments across the window: before it opens, at the opening, during, after the end but open,
// at the close, and after it.
const moments = {
  before_opening: at('2026-12-07T08:49:59Z'),
  opening: at('2026-12-07T08:50:00Z'),
  during: at('2026-12-07T09:30:00Z'),
  overrun: at('2026-12-07T10:45:00Z'),
  closing: at('2026-12-07T11:00:00Z'),
  after_close: at('2026-12-07T11:00:01Z'),
} as const;

const places: (RosterStatus | null)[] = [...rosterStatuses, null];

function candidate(
  rosterStatus: RosterStatus | null,
  consentAccepted: boolean,
  cancelled = false,
  isTherapist = false,
): JoinCandidate {
  return { isTherapist, rosterStatus, consentAccepted, session: { startsAt, endsAt, cancelled } };
}

/** The join as the live server decided it before this rule: roster, then window, then consent. */
function formerDoor(c: JoinCandidate, now: Date): boolean {
  if (!c.isTherapist && c.rosterStatus !== 'active') return false;
  try {
    assertJoinable(c.session, now);
  } catch {
    return false;
  }
  return c.isTherapist || c.consentAccepted;
}

describe('who may join a session now', () => {
  for (const place of places) {
    for (const consent of [true, false]) {
      for (const cancelled of [false, true]) {
        for (const [moment, now] of Object.entries(moments)) {
          const c = candidate(place, consent, cancelled);
          it(`a client whose place is ${place ?? 'none'}, consent ${consent ? 'accepted' : 'missing'}, ${cancelled ? 'cancelled' : 'scheduled'}, ${moment}`, () => {
            const blocks = joinBlocks(c, now);
            const mayJoin = blocks.length === 0;
            // Home shows Join exactly when the door opens, and the door is what it was.
            expect(mayJoin).toBe(formerDoor(c, now));
            let refused: unknown;
            try {
              assertMayJoin(c, now);
            } catch (error) {
              refused = error;
            }
            expect(refused === undefined).toBe(mayJoin);
            if (!mayJoin) {
              expect(isDomainError(refused)).toBe(true);
              expect((refused as { details: { reason: string } }).details.reason).toBe(
                blocks[0]!.reason,
              );
            }
          });
        }
      }
    }
  }

  it('a client offered a place is told to accept it first, whatever else is missing', () => {
    expect(joinBlocks(candidate('invited', false), moments.before_opening)).toEqual([
      { reason: 'place_not_accepted' },
    ]);
  });

  it('a client with a place is told every step left: consent, then the opening time', () => {
    expect(joinBlocks(candidate('active', false), moments.before_opening)).toEqual([
      { reason: 'consent_required' },
      { reason: 'not_open_yet', opensAt: moments.opening },
    ]);
  });

  it('therapists need no place and no consent, only the window', () => {
    const therapist = candidate(null, false, false, true);
    expect(joinBlocks(therapist, moments.during)).toEqual([]);
    expect(joinBlocks(therapist, moments.after_close)).toEqual([
      { reason: 'ended', closedAt: moments.closing },
    ]);
  });

  it('the refusals keep the codes and messages clients already know', () => {
    const codes = (c: JoinCandidate, now: Date) => {
      try {
        assertMayJoin(c, now);
      } catch (error) {
        return (error as { code: string }).code;
      }
      return 'ok';
    };
    expect(codes(candidate(null, true), moments.during)).toBe('forbidden');
    expect(codes(candidate('invited', true), moments.during)).toBe('forbidden');
    expect(codes(candidate('active', false), moments.during)).toBe('forbidden');
    expect(codes(candidate('active', true, true), moments.during)).toBe('conflict');
    expect(codes(candidate('active', true), moments.after_close)).toBe('conflict');
    expect(codes(candidate('active', true), moments.during)).toBe('ok');
  });
});
