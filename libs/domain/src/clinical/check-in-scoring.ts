import { validationFailed, type ValidationIssue } from '../scheduling/validation-issues';
import { type Gad7Severity, type Phq9Severity } from '../vocabulary';

/** Answers of the PHQ-9 and GAD-7 items: 0 not at all, 1 several days, 2 more than half the days, 3 nearly every day. */
export type ItemAnswer = 0 | 1 | 2 | 3;

export {
  gad7Severities,
  phq9Severities,
  type Gad7Severity,
  type Phq9Severity,
} from '../vocabulary';

/** How many items each questionnaire has, and the 0–10 mood scale's bounds. */
export const checkInShape = { phq9Items: 9, gad7Items: 7, moodMin: 0, moodMax: 10 } as const;

/** What a client answers before a session. */
export interface CheckInAnswers {
  readonly phq9: readonly number[];
  readonly gad7: readonly number[];
  readonly mood: number;
}

/** A scored check-in. */
export interface CheckInScore {
  /** 0–27 */
  readonly phq9Total: number;
  readonly phq9Severity: Phq9Severity;
  /** 0–21 */
  readonly gad7Total: number;
  readonly gad7Severity: Gad7Severity;
  readonly mood: number;
  /** PHQ-9 item 9 (thoughts of being better off dead or of self-harm) answered above 0. */
  readonly item9Positive: boolean;
}

/** A severity band of a questionnaire: totals from `from` to `to`, both included. */
export interface SeverityBand<S extends string> {
  readonly severity: S;
  readonly from: number;
  readonly to: number;
}

/** The PHQ-9's bands (Kroenke, Spitzer & Williams 2001), lowest first; they cover 0–27. */
export const phq9Bands: readonly SeverityBand<Phq9Severity>[] = [
  { severity: 'minimal', from: 0, to: 4 },
  { severity: 'mild', from: 5, to: 9 },
  { severity: 'moderate', from: 10, to: 14 },
  { severity: 'moderately_severe', from: 15, to: 19 },
  { severity: 'severe', from: 20, to: 27 },
];

/** The GAD-7's bands (Spitzer et al. 2006), lowest first; they cover 0–21. */
export const gad7Bands: readonly SeverityBand<Gad7Severity>[] = [
  { severity: 'minimal', from: 0, to: 4 },
  { severity: 'mild', from: 5, to: 9 },
  { severity: 'moderate', from: 10, to: 14 },
  { severity: 'severe', from: 15, to: 21 },
];

/** The PHQ-9 band of a total 0–27: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–19 moderately severe, 20–27 severe. */
export function phq9Severity(total: number): Phq9Severity {
  assertTotal(total, 27, 'PHQ-9');
  return bandOf(phq9Bands, total);
}

/** The GAD-7 band of a total 0–21: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–21 severe. */
export function gad7Severity(total: number): Gad7Severity {
  assertTotal(total, 21, 'GAD-7');
  return bandOf(gad7Bands, total);
}

function bandOf<S extends string>(bands: readonly SeverityBand<S>[], total: number): S {
  return bands.find((band) => total <= band.to)!.severity;
}

function assertTotal(total: number, max: number, name: string): void {
  if (!Number.isInteger(total) || total < 0 || total > max) {
    throw new RangeError(`${name} total must be a whole number from 0 to ${max}`);
  }
}

/**
 * Whether a PHQ-9 must alert the client's therapists: any answer above 0 to item 9 ("thoughts
 * that you would be better off dead, or of hurting yourself"), however low the total is.
 */
export function needsSafetyAlert(phq9: readonly number[]): boolean {
  return (phq9[8] ?? 0) > 0;
}

function itemIssues(name: 'phq9' | 'gad7', answers: readonly number[], count: number) {
  const issues: ValidationIssue[] = [];
  if (answers.length !== count) {
    issues.push({ path: name, message: `must have exactly ${count} answers` });
  }
  answers.forEach((answer, i) => {
    if (!Number.isInteger(answer) || answer < 0 || answer > 3) {
      issues.push({ path: `${name}.${i}`, message: 'must be 0, 1, 2 or 3' });
    }
  });
  return issues;
}

/**
 * Scores a check-in: PHQ-9 and GAD-7 totals with their bands, the mood as given, and whether
 * item 9 needs an alert.
 * @throws DomainError `validation_failed` naming every bad answer (`phq9.8`, `mood`, …).
 */
export function scoreCheckIn(answers: CheckInAnswers): CheckInScore {
  const issues = [
    ...itemIssues('phq9', answers.phq9, checkInShape.phq9Items),
    ...itemIssues('gad7', answers.gad7, checkInShape.gad7Items),
  ];
  if (
    !Number.isInteger(answers.mood) ||
    answers.mood < checkInShape.moodMin ||
    answers.mood > checkInShape.moodMax
  ) {
    issues.push({ path: 'mood', message: 'must be a whole number from 0 to 10' });
  }
  if (issues.length > 0) throw validationFailed('Check-in', issues);
  const sum = (list: readonly number[]) => list.reduce((a, b) => a + b, 0);
  const phq9Total = sum(answers.phq9);
  const gad7Total = sum(answers.gad7);
  return {
    phq9Total,
    phq9Severity: phq9Severity(phq9Total),
    gad7Total,
    gad7Severity: gad7Severity(gad7Total),
    mood: answers.mood,
    item9Positive: needsSafetyAlert(answers.phq9),
  };
}
