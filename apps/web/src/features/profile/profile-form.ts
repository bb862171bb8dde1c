import type { WeeklyTimeRow } from '../forms/components/WeeklyTimeRows';
import {
  ApiError,
  fieldIssueSchema,
  type CourseFormat,
  type FieldIssue,
  type FocusArea,
  type TherapistProfile,
  type TherapistProfileBody,
} from '@hearth/contracts';
import { courseFormats, focusAreas } from '@hearth/domain';
import { asSentence } from '../forms/form-errors';

/** The profile's fields in screen order: the order focus moves through after a failed submit. */
export const profileFields = [
  'modalities',
  'formats',
  'focusAreas',
  'languages',
  'remote',
  'inPersonLocationIds',
  'availability',
] as const;
export type ProfileField = (typeof profileFields)[number];

/** One availability row as its inputs hold it. */
export type AvailabilityRow = WeeklyTimeRow;

export interface ProfileFormValues {
  /** Comma-separated, as typed. */
  readonly modalities: string;
  readonly formats: readonly CourseFormat[];
  readonly focusAreas: readonly FocusArea[];
  /** Comma-separated BCP 47 tags, as typed. */
  readonly languages: string;
  readonly remote: boolean;
  /** The practice's locations where they see clients in person. */
  readonly inPersonLocationIds: readonly string[];
  readonly availability: readonly AvailabilityRow[];
}

let nextKey = 0;
export function newRow(weekday = '1', from = '09:00', to = '17:00'): AvailabilityRow {
  nextKey += 1;
  return { key: nextKey, weekday, from, to };
}

export function fromProfile(profile: TherapistProfile): ProfileFormValues {
  return {
    modalities: profile.modalities.join(', '),
    formats: profile.formats,
    focusAreas: profile.focusAreas,
    languages: profile.languages.join(', '),
    remote: profile.remote,
    inPersonLocationIds: profile.inPersonLocationIds,
    availability: profile.availability.map((w) => newRow(String(w.weekday), w.from, w.to)),
  };
}

/** "IPT, IPT-A ," reads as ["IPT", "IPT-A"]. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

export function toProfileBody(values: ProfileFormValues): TherapistProfileBody {
  return {
    modalities: splitList(values.modalities),
    // In the contract's own order, whichever order they were ticked in.
    formats: courseFormats.filter((f) => values.formats.includes(f)),
    focusAreas: focusAreas.filter((a) => values.focusAreas.includes(a)),
    languages: splitList(values.languages),
    remote: values.remote,
    inPersonLocationIds: [...values.inPersonLocationIds],
    availability: values.availability.map((row) => ({
      weekday: Number(row.weekday),
      from: row.from,
      to: row.to,
    })),
  };
}

export type RowPart = 'weekday' | 'from' | 'to' | 'row';
export type RowErrors = Readonly<Record<number, Readonly<Partial<Record<RowPart, string>>>>>;

/**
 * Puts each issue at `availability.N` (or `availability.N.from` …) beside row N, on the input it
 * names when it names one; the first message for a spot wins.
 */
export function rowErrorsFromIssues(issues: readonly FieldIssue[]): RowErrors {
  const rows: Record<number, Partial<Record<RowPart, string>>> = {};
  for (const issue of issues) {
    const match = /^availability\.(\d+)(?:\.(weekday|from|to))?(?:\.|$)/.exec(issue.path);
    if (!match || issue.location !== 'body') continue;
    const row = (rows[Number(match[1])] ??= {});
    const part = (match[2] as RowPart | undefined) ?? 'row';
    row[part] ??= asSentence(issue.message);
  }
  return rows;
}

export function rowErrorsFromError(error: unknown): RowErrors {
  if (!(error instanceof ApiError) || error.status !== 400) return {};
  const issues = fieldIssueSchema.array().safeParse(error.details?.['issues']);
  return issues.success ? rowErrorsFromIssues(issues.data) : {};
}
