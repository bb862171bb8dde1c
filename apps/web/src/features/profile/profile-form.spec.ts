import { describe, expect, it } from 'vitest';
import { rowErrorsFromIssues, splitList } from './profile-form';

describe('profile form', () => {
  it('splits a comma-separated list, dropping blanks', () => {
    expect(splitList(' IPT, IPT-A ,, ')).toEqual(['IPT', 'IPT-A']);
  });

  it('puts availability issues on their row, and on the input they name', () => {
    expect(
      rowErrorsFromIssues([
        { location: 'body', path: 'availability.1', message: 'must end after it starts' },
        { location: 'body', path: 'availability.0.to', message: "must be a time like '17:00'" },
        { location: 'body', path: 'languages.0', message: 'must be a language tag' },
        { location: 'body', path: 'availability.1', message: 'a second complaint' },
      ]),
    ).toEqual({
      0: { to: "Must be a time like '17:00'" },
      1: { row: 'Must end after it starts' },
    });
  });
});
