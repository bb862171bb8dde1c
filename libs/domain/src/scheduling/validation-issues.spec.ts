import { DomainError } from '../errors/domain-error';
import { validationFailed } from './validation-issues';

describe('validationFailed', () => {
  it('names every bad field in the message and in details.issues', () => {
    const error = validationFailed('Course plan', [
      { path: 'sessionCount', message: 'must be between 8 and 20' },
      { path: 'weekday', message: 'must be a whole number from 1 (Monday) to 7 (Sunday)' },
    ]);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe(
      'Course plan is not valid: sessionCount must be between 8 and 20; weekday must be a whole number from 1 (Monday) to 7 (Sunday)',
    );
    expect(error.details).toEqual({
      issues: [
        { path: 'sessionCount', message: 'must be between 8 and 20' },
        { path: 'weekday', message: 'must be a whole number from 1 (Monday) to 7 (Sunday)' },
      ],
    });
  });
});
