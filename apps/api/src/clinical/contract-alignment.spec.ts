import {
  checkInAvailabilityValues,
  checkInScheduleValues,
  gad7SeverityValues,
  phq9SeverityValues,
} from '@hearth/contracts';
import { checkInSchedules, gad7Severities, phq9Severities } from '@hearth/domain';

// The contracts may not import the domain, so they repeat its lists; this keeps them equal.
describe('clinical contracts and domain', () => {
  it('name the same schedules and severity bands', () => {
    expect(checkInScheduleValues).toEqual(checkInSchedules);
    expect(phq9SeverityValues).toEqual(phq9Severities);
    expect(gad7SeverityValues).toEqual(gad7Severities);
    expect([...checkInAvailabilityValues].sort()).toEqual(
      ['closed', 'cancelled', 'not_scheduled', 'not_yet_open', 'open'].sort(),
    );
  });
});
