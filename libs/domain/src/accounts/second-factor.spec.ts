import {
  checkFactorRemoval,
  checkRequireSecondFactor,
  formatRecoveryCode,
  isStaff,
  mustEnrolSecondFactor,
  normalizeRecoveryCode,
  normalizeTotpCode,
  stepUpFresh,
  stepUpWindowMs,
} from './second-factor';

describe('second factor rules', () => {
  it('counts therapists and coordinators as staff, not clients', () => {
    expect(isStaff(['therapist'])).toBe(true);
    expect(isStaff(['coordinator', 'client'])).toBe(true);
    expect(isStaff(['client'])).toBe(false);
  });

  it('makes staff without a factor enrol only when their practice requires it', () => {
    const base = { practiceRequires: true, roles: ['therapist'] as const, hasSecondFactor: false };
    expect(mustEnrolSecondFactor(base)).toBe(true);
    expect(mustEnrolSecondFactor({ ...base, hasSecondFactor: true })).toBe(false);
    expect(mustEnrolSecondFactor({ ...base, practiceRequires: false })).toBe(false);
    expect(mustEnrolSecondFactor({ ...base, roles: ['client'] })).toBe(false);
  });

  it('takes a confirmation as fresh for five minutes only', () => {
    const now = new Date('2025-03-01T10:00:00Z');
    const ago = (ms: number) => new Date(now.getTime() - ms);
    expect(stepUpFresh(null, now)).toBe(false);
    expect(stepUpFresh(ago(0), now)).toBe(true);
    expect(stepUpFresh(ago(stepUpWindowMs - 1), now)).toBe(true);
    expect(stepUpFresh(ago(stepUpWindowMs), now)).toBe(false);
    expect(stepUpFresh(ago(-5_000), now)).toBe(true);
    expect(stepUpFresh(ago(-120_000), now)).toBe(false);
  });

  it('refuses to remove the last factor of staff whose practice requires one', () => {
    const change = { practiceRequires: true, roles: ['coordinator'] as const, remaining: 0 };
    expect(() => checkFactorRemoval(change)).toThrow(/add another one/);
    expect(() => checkFactorRemoval({ ...change, remaining: 1 })).not.toThrow();
    expect(() => checkFactorRemoval({ ...change, practiceRequires: false })).not.toThrow();
    expect(() => checkFactorRemoval({ ...change, roles: ['client'] })).not.toThrow();
  });

  it('lets only a coordinator with a factor require one of staff', () => {
    expect(() => checkRequireSecondFactor({ require: true, actorHasSecondFactor: false })).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
    expect(() =>
      checkRequireSecondFactor({ require: true, actorHasSecondFactor: true }),
    ).not.toThrow();
    expect(() =>
      checkRequireSecondFactor({ require: false, actorHasSecondFactor: false }),
    ).not.toThrow();
  });

  it('writes recovery codes as four groups of four unambiguous characters', () => {
    const code = formatRecoveryCode(new Uint8Array(10).fill(0xff));
    expect(code).toBe('ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    expect(formatRecoveryCode(new Uint8Array(10))).toBe('0000-0000-0000-0000');
    const mixed = formatRecoveryCode(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    expect(mixed).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(() => formatRecoveryCode(new Uint8Array(9))).toThrow();
  });

  it('reads recovery codes however they are typed', () => {
    expect(normalizeRecoveryCode('abcd efgh jkmn pqrs')).toBe('ABCD-EFGH-JKMN-PQRS');
    expect(normalizeRecoveryCode('oooo-iiii-llll-0000')).toBe('0000-1111-1111-0000');
    expect(normalizeRecoveryCode('ABCD-EFGH-JKMN-PQR')).toBeNull();
    expect(normalizeRecoveryCode('ABCD-EFGH-JKMN-PQRU')).toBeNull();
  });

  it('reads six-digit codes with or without a space', () => {
    expect(normalizeTotpCode('123 456')).toBe('123456');
    expect(normalizeTotpCode('12345')).toBeNull();
    expect(normalizeTotpCode('12345a')).toBeNull();
  });
});
