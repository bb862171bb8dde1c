import { DomainError } from '../errors/domain-error';
import { midpointSession, phaseOf, phaseSplit, sessionLabel } from './ipt-phases';

const everyLength = Array.from({ length: 13 }, (_, index) => index + 8);

describe('phaseSplit', () => {
  // The whole rule as a table, so a change to it shows up as a reviewed diff.
  it.each([
    [8, [1, 2], [3, 6], [7, 8]],
    [9, [1, 2], [3, 7], [8, 9]],
    [10, [1, 3], [4, 8], [9, 10]],
    [11, [1, 3], [4, 9], [10, 11]],
    [12, [1, 3], [4, 10], [11, 12]],
    [13, [1, 3], [4, 10], [11, 13]],
    [14, [1, 4], [5, 11], [12, 14]],
    [15, [1, 4], [5, 12], [13, 15]],
    [16, [1, 4], [5, 13], [14, 16]],
    [17, [1, 4], [5, 14], [15, 17]],
    [18, [1, 4], [5, 14], [15, 18]],
    [19, [1, 4], [5, 15], [16, 19]],
    [20, [1, 4], [5, 16], [17, 20]],
  ])('splits %i sessions', (total, initial, middle, termination) => {
    expect(phaseSplit(total)).toEqual({ initial, middle, termination });
  });

  it.each(everyLength)(
    'gives %i sessions contiguous phases covering the course, 2–4 initial and ending sessions',
    (total) => {
      const { initial, middle, termination } = phaseSplit(total);
      expect(initial[0]).toBe(1);
      expect(middle[0]).toBe(initial[1] + 1);
      expect(termination[0]).toBe(middle[1] + 1);
      expect(termination[1]).toBe(total);
      expect(middle[1]).toBeGreaterThanOrEqual(middle[0]);
      for (const [from, to] of [initial, termination]) {
        expect(to - from + 1).toBeGreaterThanOrEqual(2);
        expect(to - from + 1).toBeLessThanOrEqual(4);
      }
    },
  );

  it.each([7, 21, 0, 12.5])('refuses a course of %p sessions', (total) => {
    expect(() => phaseSplit(total)).toThrow(DomainError);
  });
});

describe('phaseOf', () => {
  it('puts each session of a 16-session course in its phase', () => {
    const phases = Array.from({ length: 16 }, (_, index) => phaseOf(index + 1, 16));
    expect(phases).toEqual([
      ...Array(4).fill('initial'),
      ...Array(9).fill('middle'),
      ...Array(3).fill('termination'),
    ]);
  });

  it('agrees with phaseSplit for every course length', () => {
    for (const total of everyLength) {
      const split = phaseSplit(total);
      for (const phase of ['initial', 'middle', 'termination'] as const) {
        const [from, to] = split[phase];
        for (let session = from; session <= to; session += 1) {
          expect(phaseOf(session, total)).toBe(phase);
        }
      }
    }
  });

  it.each([0, 17, 1.5])('refuses session %p of 16', (session) => {
    expect(() => phaseOf(session, 16)).toThrow(/sessionNumber must be a whole number from 1 to 16/);
  });
});

describe('sessionLabel', () => {
  it('reads "Session 7 of 16"', () => {
    expect(sessionLabel(7, 16)).toBe('Session 7 of 16');
    expect(sessionLabel(1, 8)).toBe('Session 1 of 8');
  });

  it('refuses a session past the end of the course', () => {
    expect(() => sessionLabel(13, 12)).toThrow(DomainError);
  });
});

describe('midpointSession', () => {
  it('is half-way through the course, rounded up', () => {
    expect(midpointSession(16)).toBe(8);
    expect(midpointSession(12)).toBe(6);
    expect(midpointSession(13)).toBe(7);
    expect(midpointSession(8)).toBe(4);
  });

  it.each(everyLength)('falls in the middle phase of a %i-session course', (total) => {
    expect(phaseOf(midpointSession(total), total)).toBe('middle');
  });
});
