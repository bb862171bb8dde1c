import { DomainError } from '../errors/domain-error';
import { type CoursePlanInput, validateCoursePlan } from './course-plan';

const valid: CoursePlanInput = {
  format: 'couple',
  focusAreas: ['disputes'],
  therapistId: 'therapist-1',
  timeZone: 'Europe/London',
  weekday: 2,
  localTime: '18:30',
  startDate: '2026-03-16',
};

function issuesOf(input: CoursePlanInput): unknown {
  try {
    validateCoursePlan(input);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('validation_failed');
    return (error as DomainError).details?.['issues'];
  }
  throw new Error('expected the plan to be refused');
}

const pathsOf = (input: CoursePlanInput) =>
  (issuesOf(input) as { path: string }[]).map((issue) => issue.path);

describe('validateCoursePlan', () => {
  it('applies the defaults: 12 sessions of 50 minutes, capacity from the format', () => {
    expect(validateCoursePlan(valid)).toEqual({
      format: 'couple',
      focusAreas: ['disputes'],
      therapistId: 'therapist-1',
      coTherapistId: null,
      capacity: { min: 2, max: 2 },
      sessionCount: 12,
      durationMinutes: 50,
      timeZone: 'Europe/London',
      weekday: 2,
      localTime: '18:30',
      startDate: '2026-03-16',
      firstSessionDate: '2026-03-17',
    });
  });

  it('gives a group 90-minute sessions and a maximum of 9 unless it chooses otherwise', () => {
    const group = { ...valid, format: 'group', focusAreas: ['grief', 'role_transitions'] };
    expect(validateCoursePlan(group)).toMatchObject({
      durationMinutes: 90,
      capacity: { min: 3, max: 9 },
    });
    expect(
      validateCoursePlan({ ...group, maxMembers: 12, durationMinutes: 120, sessionCount: 20 }),
    ).toMatchObject({ durationMinutes: 120, capacity: { min: 3, max: 12 }, sessionCount: 20 });
  });

  it('keeps explicit values and stores the canonical zone name', () => {
    const plan = validateCoursePlan({
      ...valid,
      format: 'family',
      focusAreas: ['disputes', 'role_transitions', 'grief', 'deficits'],
      coTherapistId: 'therapist-2',
      sessionCount: 16,
      durationMinutes: 60,
      timeZone: 'america/new_york',
      weekday: 7,
      startDate: '2026-03-08',
    });
    expect(plan).toMatchObject({
      coTherapistId: 'therapist-2',
      sessionCount: 16,
      durationMinutes: 60,
      timeZone: 'America/New_York',
      firstSessionDate: '2026-03-08',
      capacity: { min: 2, max: 8 },
    });
  });

  it('names every bad field at once', () => {
    expect(
      issuesOf({
        format: 'triad',
        focusAreas: ['anger'],
        therapistId: '',
        sessionCount: 7,
        durationMinutes: 52,
        timeZone: 'Mars/Olympus',
        weekday: 0,
        localTime: '25:00',
        startDate: '2026-02-30',
      }),
    ).toEqual([
      { path: 'format', message: 'must be one of individual, couple, family, group' },
      {
        path: 'focusAreas.0',
        message: 'must be one of disputes, role_transitions, grief, deficits',
      },
      { path: 'therapistId', message: 'is required' },
      { path: 'sessionCount', message: 'must be a whole number from 8 to 20' },
      { path: 'durationMinutes', message: 'must be 30–120 minutes in steps of 5' },
      { path: 'timeZone', message: "must be an IANA time zone such as 'Europe/London'" },
      { path: 'weekday', message: 'must be a whole number from 1 (Monday) to 7 (Sunday)' },
      { path: 'localTime', message: "must be a 24-hour time 'HH:MM'" },
      { path: 'startDate', message: "must be a real date written 'YYYY-MM-DD'" },
    ]);
  });

  it.each([7, 21, 12.5])('refuses a course of %p sessions', (sessionCount) => {
    expect(pathsOf({ ...valid, sessionCount })).toEqual(['sessionCount']);
  });

  it.each([0, 8, -1])('refuses weekday %p', (weekday) => {
    expect(pathsOf({ ...valid, weekday })).toEqual(['weekday']);
  });

  it.each(['25:00', '7pm', '18:30:00', '18:5'])('refuses local time %j', (localTime) => {
    expect(pathsOf({ ...valid, localTime })).toEqual(['localTime']);
  });

  it('refuses a maximum for a couple and a group maximum of 13', () => {
    expect(issuesOf({ ...valid, maxMembers: 2 })).toEqual([
      {
        path: 'maxMembers',
        message: 'cannot be set for a couple course; its capacity follows from the format',
      },
    ]);
    expect(issuesOf({ ...valid, format: 'group', maxMembers: 13 })).toEqual([
      { path: 'maxMembers', message: 'must be a whole number from 3 to 12 for a group course' },
    ]);
  });

  it('needs 1–4 distinct focus areas, and at most 2 for one client', () => {
    expect(issuesOf({ ...valid, focusAreas: [] })).toEqual([
      { path: 'focusAreas', message: 'must name 1–4 focus areas for a course' },
    ]);
    expect(issuesOf({ ...valid, focusAreas: ['grief', 'grief'] })).toEqual([
      { path: 'focusAreas', message: 'must not name the same focus area twice' },
    ]);
    expect(
      issuesOf({ ...valid, format: 'individual', focusAreas: ['grief', 'disputes', 'deficits'] }),
    ).toEqual([
      { path: 'focusAreas', message: 'must name 1–2 focus areas for an individual course' },
    ]);
    expect(
      validateCoursePlan({ ...valid, format: 'individual', focusAreas: ['grief', 'disputes'] })
        .focusAreas,
    ).toEqual(['grief', 'disputes']);
  });

  it('refuses a co-therapist who is the therapist', () => {
    expect(issuesOf({ ...valid, coTherapistId: 'therapist-1' })).toEqual([
      { path: 'coTherapistId', message: 'must be a different person from the therapist' },
    ]);
  });

  it('refuses a fixed UTC offset in place of a zone', () => {
    expect(pathsOf({ ...valid, timeZone: '+01:00' })).toEqual(['timeZone']);
  });

  it('puts every issue in the error message too', () => {
    expect(() => validateCoursePlan({ ...valid, sessionCount: 21 })).toThrow(
      'Course plan is not valid: sessionCount must be a whole number from 8 to 20',
    );
  });
});
