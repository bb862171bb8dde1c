import { ApiError, courseCreateBodySchema, idempotencyKeySchema } from '@hearth/contracts';
import { describe, expect, it } from 'vitest';
import {
  initialCourseValues,
  memberIssues,
  newIdempotencyKey,
  toCourseBody,
  withFormat,
} from './course-form';

const now = new Date('2026-01-07T12:00:00Z');
const therapistId = '7c9d0e1f-2a3b-4c5d-8e6f-7a8b9c0d1e22';
const a = '5a2b8c3d-4e5f-4a6b-9c7d-8e9f0a1b2c03';
const b = '6b3c9d4e-5f6a-4b7c-8d9e-0f1a2b3c4d05';

describe('course form', () => {
  it('starts with 12 sessions of 50 minutes next week, in the coordinator’s zone', () => {
    const values = initialCourseValues(now, 'Europe/London');
    expect(values).toMatchObject({
      sessionCount: '12',
      durationMinutes: '50',
      startDate: '2026-01-14',
      timeZone: 'Europe/London',
    });
  });

  it('moves to 90 minutes for a group unless the length was chosen, and back', () => {
    const base = initialCourseValues(now, 'UTC');
    expect(withFormat(base, 'group').durationMinutes).toBe('90');
    expect(withFormat(withFormat(base, 'group'), 'couple').durationMinutes).toBe('50');
    expect(withFormat({ ...base, durationMinutes: '60' }, 'group').durationMinutes).toBe('60');
  });

  it('keeps relations the coordinator chose and renames only the defaults', () => {
    const base = {
      ...initialCourseValues(now, 'UTC'),
      format: 'couple' as const,
      members: [
        { personId: a, relation: 'partner' as const },
        { personId: b, relation: 'carer' as const },
      ],
    };
    expect(withFormat(base, 'family').members.map((m) => m.relation)).toEqual(['other', 'carer']);
  });

  it('builds a body the contract accepts, leaving empty numbers to the API’s defaults', () => {
    const body = toCourseBody({
      ...initialCourseValues(now, 'Europe/London'),
      title: 'Okafor family',
      format: 'family',
      focusAreas: ['disputes'],
      therapistId,
      members: [
        { personId: a, relation: 'parent' },
        { personId: b, relation: 'child' },
      ],
      sessionCount: '',
      weekday: '3',
    });
    expect(body).not.toHaveProperty('sessionCount');
    expect(body).toMatchObject({ coTherapistId: null, weekday: 3, durationMinutes: 50 });
    expect(courseCreateBodySchema.safeParse(body).success).toBe(true);
  });

  it('maps a member’s issue by position to the person chosen there', () => {
    const error = new ApiError(400, 'validation_failed', 'Invalid', {
      issues: [{ location: 'body', path: 'members.1.personId', message: 'must be a client' }],
    });
    const members = [
      { personId: a, relation: 'parent' as const },
      { personId: b, relation: 'child' as const },
    ];
    expect(memberIssues(error, members)).toEqual({ [b]: 'must be a client' });
    expect(memberIssues(new ApiError(409, 'conflict', 'x'), members)).toEqual({});
  });

  it('makes idempotency keys the API accepts, a new one each time', () => {
    const key = newIdempotencyKey();
    expect(idempotencyKeySchema.safeParse(key).success).toBe(true);
    expect(newIdempotencyKey()).not.toBe(key);
  });
});
