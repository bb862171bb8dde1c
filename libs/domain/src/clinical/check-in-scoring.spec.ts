import { isDomainError } from '../errors/domain-error';
import {
  gad7Bands,
  gad7Severity,
  needsSafetyAlert,
  phq9Bands,
  phq9Severity,
  scoreCheckIn,
  type CheckInAnswers,
} from './check-in-scoring';

const zeros = (n: number) => Array.from({ length: n }, () => 0);

/** Answers summing to `total`, filled from the first item, leaving item 9 at `item9`. */
function phq9Summing(total: number, item9 = 0): number[] {
  const answers = zeros(9);
  answers[8] = item9;
  let left = total - item9;
  for (let i = 0; i < 8 && left > 0; i += 1) {
    answers[i] = Math.min(3, left);
    left -= answers[i]!;
  }
  return answers;
}

function issuesOf(answers: CheckInAnswers): { path: string; message: string }[] {
  try {
    scoreCheckIn(answers);
  } catch (error) {
    if (isDomainError(error) && error.code === 'validation_failed') {
      return error.details?.['issues'] as { path: string; message: string }[];
    }
    throw error;
  }
  throw new Error('expected the check-in to be refused');
}

describe('PHQ-9 severity bands', () => {
  it.each([
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'moderately_severe'],
    [19, 'moderately_severe'],
    [20, 'severe'],
    [27, 'severe'],
  ])('puts a total of %i in the %s band', (total, band) => {
    expect(phq9Severity(total)).toBe(band);
  });

  it('refuses totals the questionnaire cannot produce', () => {
    expect(() => phq9Severity(-1)).toThrow(RangeError);
    expect(() => phq9Severity(28)).toThrow(RangeError);
    expect(() => phq9Severity(4.5)).toThrow(RangeError);
  });
});

describe('GAD-7 severity bands', () => {
  it.each([
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'severe'],
    [21, 'severe'],
  ])('puts a total of %i in the %s band', (total, band) => {
    expect(gad7Severity(total)).toBe(band);
  });

  it('refuses totals the questionnaire cannot produce', () => {
    expect(() => gad7Severity(-1)).toThrow(RangeError);
    expect(() => gad7Severity(22)).toThrow(RangeError);
  });
});

describe('PHQ-9 item 9', () => {
  it.each([1, 2, 3])(
    'alerts on an item 9 answer of %i, even with an otherwise minimal total',
    (a) => {
      expect(needsSafetyAlert(phq9Summing(a, a))).toBe(true);
      expect(scoreCheckIn({ phq9: phq9Summing(a, a), gad7: zeros(7), mood: 7 })).toMatchObject({
        phq9Total: a,
        phq9Severity: 'minimal',
        item9Positive: true,
      });
    },
  );

  it('does not alert on a severe total whose item 9 is 0', () => {
    const phq9 = phq9Summing(24, 0);
    expect(phq9[8]).toBe(0);
    expect(scoreCheckIn({ phq9, gad7: zeros(7), mood: 1 })).toMatchObject({
      phq9Total: 24,
      phq9Severity: 'severe',
      item9Positive: false,
    });
  });
});

describe('scoring a check-in', () => {
  it('adds up both questionnaires and keeps the mood', () => {
    expect(
      scoreCheckIn({ phq9: [1, 2, 3, 0, 1, 2, 3, 0, 0], gad7: [3, 3, 3, 3, 3, 0, 0], mood: 4 }),
    ).toEqual({
      phq9Total: 12,
      phq9Severity: 'moderate',
      gad7Total: 15,
      gad7Severity: 'severe',
      mood: 4,
      item9Positive: false,
    });
  });

  it('takes the extremes of every scale', () => {
    expect(
      scoreCheckIn({ phq9: Array(9).fill(3), gad7: Array(7).fill(3), mood: 10 }),
    ).toMatchObject({ phq9Total: 27, gad7Total: 21, mood: 10, item9Positive: true });
    expect(scoreCheckIn({ phq9: zeros(9), gad7: zeros(7), mood: 0 })).toMatchObject({
      phq9Total: 0,
      gad7Total: 0,
      mood: 0,
    });
  });

  it('names every bad answer at once', () => {
    expect(
      issuesOf({ phq9: [0, 0, 0, 0, 0, 0, 0, 4, -1], gad7: [0, 0, 0], mood: 11 }).map(
        (i) => i.path,
      ),
    ).toEqual(['phq9.7', 'phq9.8', 'gad7', 'mood']);
    expect(issuesOf({ phq9: zeros(10), gad7: zeros(7), mood: 2.5 }).map((i) => i.path)).toEqual([
      'phq9',
      'mood',
    ]);
    expect(issuesOf({ phq9: zeros(9), gad7: [0, 0, 0, 0, 0, 0, 1.5], mood: 3 })).toEqual([
      { path: 'gad7.6', message: 'must be 0, 1, 2 or 3' },
    ]);
  });
});

describe('the severity bands', () => {
  it.each([
    ['PHQ-9', phq9Bands, 27, phq9Severity],
    ['GAD-7', gad7Bands, 21, gad7Severity],
  ] as const)(
    'of the %s cover every total once, lowest first, as the scoring reads them',
    (_name, bands, max, severityOf) => {
      expect(bands[0]!.from).toBe(0);
      expect(bands[bands.length - 1]!.to).toBe(max);
      bands.slice(1).forEach((band, i) => expect(band.from).toBe(bands[i]!.to + 1));
      for (const band of bands) {
        expect(severityOf(band.from)).toBe(band.severity);
        expect(severityOf(band.to)).toBe(band.severity);
      }
    },
  );
});
