import { describe, expect, it } from 'vitest';
import {
  aliId,
  cleo,
  participant,
  sam,
  samId,
  sessionView,
  therapist,
  therapistId,
} from '../../testing/call-fixtures';
import { agreementWords, codeAgreement } from './e2ee-display';

const key = 'B'.repeat(87);
const withHash = (p: typeof cleo, codeHash: string | null) => ({
  ...p,
  e2ee: { publicKey: key, codeHash },
});

describe('safety code agreement', () => {
  const own = 'a'.repeat(22);
  it('splits the others into same, different and not yet reported', () => {
    const ali = participant({ id: aliId, displayName: 'Ali', presence: 'waiting' });
    const view = sessionView(therapistId, [
      withHash(therapist, own),
      withHash(cleo, own),
      withHash(sam, 'b'.repeat(22)),
      ali,
    ]);
    const agreement = codeAgreement(view, own);
    expect(agreement.same.map((p) => p.id)).toEqual([cleo.id]);
    expect(agreement.different.map((p) => p.id)).toEqual([samId]);
    expect(agreement.pending).toEqual([]);
    expect(agreementWords(agreement)).toMatch(/Different code on Sam Okafor's page/);
  });

  it('waits for pages that have not reported, and says when everyone agrees', () => {
    const waiting = codeAgreement(
      sessionView(therapistId, [withHash(therapist, own), withHash(cleo, own), sam]),
      own,
    );
    expect(agreementWords(waiting)).toBe("Waiting for Sam Okafor's page.");
    const agreed = codeAgreement(
      sessionView(therapistId, [withHash(therapist, own), withHash(cleo, own)]),
      own,
    );
    expect(agreementWords(agreed)).toBe('Everyone’s page shows this code.');
    expect(agreementWords(codeAgreement(sessionView(therapistId, [therapist]), own))).toBe(
      'Nobody else is in the call yet.',
    );
  });

  it('compares codes within the room one is in during breakouts', () => {
    const view = sessionView(therapistId, [
      { ...withHash(therapist, own), breakoutRoom: 0 },
      { ...withHash(cleo, own), breakoutRoom: 0 },
      { ...withHash(sam, 'b'.repeat(22)), breakoutRoom: 1 },
    ]);
    const agreement = codeAgreement(view, own);
    expect(agreement.same.map((p) => p.id)).toEqual([cleo.id]);
    expect(agreement.different).toEqual([]);
  });
});
