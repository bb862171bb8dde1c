import { isDomainError } from '../errors/domain-error';
import { checkPracticeLocations, practiceLocationLimits } from './practice-locations';

const known = new Set(['loc-1', 'loc-2']);

function issuesOf(run: () => unknown): { path: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (isDomainError(error) && error.code === 'validation_failed') {
      return error.details?.['issues'] as { path: string; message: string }[];
    }
    throw error;
  }
  throw new Error('expected the locations to be refused');
}

describe('checkPracticeLocations', () => {
  it('keeps names, addresses and zones tidy, new and kept locations alike', () => {
    expect(
      checkPracticeLocations(
        [
          { id: 'loc-1', name: '  Leeds   Wellbeing Centre ', addressLine: ' 1 Park Row ' },
          { name: 'York', addressLine: '', timeZone: 'europe/london' },
          { name: 'Online hub', addressLine: null, timeZone: null },
        ],
        known,
      ),
    ).toEqual([
      { id: 'loc-1', name: 'Leeds Wellbeing Centre', addressLine: '1 Park Row', timeZone: null },
      { id: null, name: 'York', addressLine: null, timeZone: 'Europe/London' },
      { id: null, name: 'Online hub', addressLine: null, timeZone: null },
    ]);
  });

  it('accepts an empty list: the practice then sees people by video only', () => {
    expect(checkPracticeLocations([], known)).toEqual([]);
  });

  it('refuses two locations a person could not tell apart', () => {
    expect(
      issuesOf(() =>
        checkPracticeLocations(
          [{ name: 'Leeds' }, { name: 'York' }, { name: ' LEEDS ' }, { name: 'york' }],
          known,
        ),
      ),
    ).toEqual([
      { path: 'locations.2.name', message: 'is already the name of location 1' },
      { path: 'locations.3.name', message: 'is already the name of location 2' },
    ]);
  });

  it('refuses ids that are not the practice’s, or are listed twice', () => {
    expect(
      issuesOf(() =>
        checkPracticeLocations(
          [
            { id: 'loc-1', name: 'A' },
            { id: 'loc-1', name: 'B' },
            { id: 'elsewhere', name: 'C' },
          ],
          known,
        ),
      ),
    ).toEqual([
      { path: 'locations.1.id', message: 'is listed twice' },
      {
        path: 'locations.2.id',
        message: 'is not one of the practice’s locations; reload the page',
      },
    ]);
  });

  it('refuses a time zone Intl does not know, and too many locations', () => {
    expect(
      issuesOf(() =>
        checkPracticeLocations([{ name: 'Mars base', timeZone: 'Mars/Olympus' }], known),
      ),
    ).toEqual([
      {
        path: 'locations.0.timeZone',
        message: "must be an IANA time zone such as 'Europe/London'",
      },
    ]);
    const many = Array.from({ length: practiceLocationLimits.max + 1 }, (_, i) => ({
      name: `Place ${i + 1}`,
    }));
    expect(issuesOf(() => checkPracticeLocations(many, known))).toEqual([
      { path: 'locations', message: 'must list at most 20 locations' },
    ]);
    expect(checkPracticeLocations(many.slice(1), known)).toHaveLength(20);
  });
});
