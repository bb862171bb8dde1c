import { anonymiseAfter, formTokenRules, judgeFormTiming } from './intake';

describe('judgeFormTiming', () => {
  const issued = Date.parse('2026-05-01T10:00:00Z');

  it('refuses a form sent sooner than a person could fill it', () => {
    expect(judgeFormTiming(issued, issued + 2_999, 3)).toBe('too_fast');
    expect(judgeFormTiming(issued, issued + 3_000, 3)).toBe('ok');
  });

  it('treats a token from the future as just issued', () => {
    expect(judgeFormTiming(issued, issued - 60_000, 3)).toBe('too_fast');
  });

  it('expires a form left open for more than a day', () => {
    const day = formTokenRules.maxAgeSeconds * 1000;
    expect(judgeFormTiming(issued, issued + day, 3)).toBe('ok');
    expect(judgeFormTiming(issued, issued + day + 1, 3)).toBe('expired');
    expect(judgeFormTiming(Number.NaN, issued, 3)).toBe('expired');
  });
});

describe('anonymiseAfter', () => {
  it('is the retention period before now', () => {
    expect(anonymiseAfter(30, new Date('2026-05-31T00:00:00Z')).toISOString()).toBe(
      '2026-05-01T00:00:00.000Z',
    );
  });
});
