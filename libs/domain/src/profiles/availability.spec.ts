import { DomainError } from '../errors/domain-error';
import { validateAvailability } from './availability';

function issuesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) {
      return ((error.details?.issues ?? []) as { path: string }[]).map((i) => i.path);
    }
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('validateAvailability', () => {
  it('sorts windows by day and time', () => {
    expect(
      validateAvailability([
        { weekday: 3, from: '18:00', to: '21:00' },
        { weekday: 1, from: '09:00', to: '12:00' },
        { weekday: 1, from: '13:00', to: '17:00' },
      ]),
    ).toEqual([
      { weekday: 1, from: '09:00', to: '12:00' },
      { weekday: 1, from: '13:00', to: '17:00' },
      { weekday: 3, from: '18:00', to: '21:00' },
    ]);
  });

  it('accepts back-to-back windows and an empty week', () => {
    expect(validateAvailability([])).toEqual([]);
    expect(
      validateAvailability([
        { weekday: 2, from: '09:00', to: '12:00' },
        { weekday: 2, from: '12:00', to: '15:00' },
      ]),
    ).toHaveLength(2);
  });

  it('names each bad window by index', () => {
    expect(
      issuesOf(() =>
        validateAvailability([
          { weekday: 0, from: '09:00', to: '10:00' },
          { weekday: 1, from: '25:00', to: '10:00' },
          { weekday: 1, from: '17:00', to: '09:00' },
        ]),
      ),
    ).toEqual(['availability.0.weekday', 'availability.1.from', 'availability.2.to']);
  });

  it('refuses overlapping windows on the same day', () => {
    expect(
      issuesOf(() =>
        validateAvailability([
          { weekday: 4, from: '09:00', to: '12:00' },
          { weekday: 4, from: '11:30', to: '13:00' },
        ]),
      ),
    ).toEqual(['availability.1']);
  });
});
