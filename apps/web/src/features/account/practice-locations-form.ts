import {
  ApiError,
  fieldIssueSchema,
  type FieldIssue,
  type PracticeLocation,
  type PracticeLocationsBody,
} from '@hearth/contracts';
import { asSentence } from '../forms/form-errors';

/** One location as its inputs hold it; `id` is absent until it is saved. */
export interface LocationRow {
  readonly key: number;
  readonly id?: string;
  readonly name: string;
  readonly addressLine: string;
  /** Kept as it was: the form does not edit it. */
  readonly timeZone: string | null;
}

let nextKey = 0;
export function newLocationRow(from?: PracticeLocation): LocationRow {
  nextKey += 1;
  return from
    ? {
        key: nextKey,
        id: from.id,
        name: from.name,
        addressLine: from.addressLine ?? '',
        timeZone: from.timeZone,
      }
    : { key: nextKey, name: '', addressLine: '', timeZone: null };
}

/** The body the API takes: the whole list, in the order shown; an empty address is none. */
export function toLocationsBody(rows: readonly LocationRow[]): PracticeLocationsBody {
  return {
    locations: rows.map((row) => ({
      ...(row.id ? { id: row.id } : {}),
      name: row.name,
      addressLine: row.addressLine.trim() ? row.addressLine : null,
      ...(row.timeZone ? { timeZone: row.timeZone } : {}),
    })),
  };
}

export type LocationPart = 'name' | 'addressLine' | 'row';
export type LocationErrors = Readonly<
  Record<number, Readonly<Partial<Record<LocationPart, string>>>>
>;

/** Puts each issue at `locations.N.name` (or `.addressLine`, or anything else) beside row N. */
export function locationErrorsFromIssues(issues: readonly FieldIssue[]): LocationErrors {
  const rows: Record<number, Partial<Record<LocationPart, string>>> = {};
  for (const issue of issues) {
    const match = /^locations\.(\d+)(?:\.(\w+))?/.exec(issue.path);
    if (!match || issue.location !== 'body') continue;
    const row = (rows[Number(match[1])] ??= {});
    const part: LocationPart = match[2] === 'name' || match[2] === 'addressLine' ? match[2] : 'row';
    row[part] ??= asSentence(issue.message);
  }
  return rows;
}

export function locationErrorsFromError(error: unknown): LocationErrors {
  if (!(error instanceof ApiError) || error.status !== 400) return {};
  const issues = fieldIssueSchema.array().safeParse(error.details?.['issues']);
  return issues.success ? locationErrorsFromIssues(issues.data) : {};
}
