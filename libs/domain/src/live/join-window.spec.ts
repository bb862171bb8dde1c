import { isDomainError } from '../errors/domain-error';
import { assertJoinable, joinWindowOf } from './join-window';

const session = {
  startsAt: new Date('2026-03-02T18:00:00Z'),
  endsAt: new Date('2026-03-02T18:50:00Z'),
  cancelled: false,
};
const at = (iso: string) => new Date(iso);
const reasonOf = (run: () => void) => {
  try {
    run();
    return 'joinable';
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return `${error.code}:${String(error.details?.['reason'])}`;
  }
};

describe('the join window of a live session', () => {
  it('opens 10 minutes before the start and closes 30 minutes after the end', () => {
    expect(joinWindowOf(session)).toEqual({
      opensAt: at('2026-03-02T17:50:00Z'),
      closesAt: at('2026-03-02T19:20:00Z'),
    });
  });

  it.each([
    ['2026-03-02T17:49:59Z', 'conflict:not_open_yet'],
    ['2026-03-02T17:50:00Z', 'joinable'],
    ['2026-03-02T18:25:00Z', 'joinable'],
    ['2026-03-02T19:20:00Z', 'joinable'],
    ['2026-03-02T19:20:01Z', 'conflict:ended'],
  ])('at %s the answer is %s', (now, expected) => {
    expect(reasonOf(() => assertJoinable(session, at(now)))).toBe(expected);
  });

  it('refuses a cancelled session at any time', () => {
    expect(
      reasonOf(() => assertJoinable({ ...session, cancelled: true }, at('2026-03-02T18:10:00Z'))),
    ).toBe('conflict:cancelled');
  });
});
