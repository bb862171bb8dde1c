import { ApiError, type FieldIssue } from '@hearth/contracts';
import type { z } from 'zod';

export type FieldMessages<F extends string> = Readonly<Partial<Record<F, string>>>;

/** What went wrong with one submit: a message per field, and one for the form as a whole. */
export interface FormErrors<F extends string> {
  readonly fields: FieldMessages<F>;
  readonly form?: string;
}

export function noErrors<F extends string>(): FormErrors<F> {
  return { fields: {} as FieldMessages<F> };
}

function formOnly<F extends string>(form: string): FormErrors<F> {
  return { fields: {} as FieldMessages<F>, form };
}

export const networkFailureMessage =
  'We could not reach Hearth. Check your connection and try again.';
export const serverFailureMessage =
  'Something went wrong on our side. Nothing was changed; please try again in a moment.';

/** Server and schema messages are phrases ("must be …"); beside a field they read as sentences. */
export function asSentence(message: string): string {
  const trimmed = message.trim();
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}

/** What to say on a 429: how long to wait, in seconds, and in minutes when that is long. */
export function waitMessage(retryAfterSeconds: number | undefined): string {
  if (retryAfterSeconds === undefined || !Number.isFinite(retryAfterSeconds)) {
    return 'Too many attempts. Please wait a little, then try again.';
  }
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  const unit = seconds === 1 ? 'second' : 'seconds';
  const minutes = Math.ceil(seconds / 60);
  const roughly = seconds > 90 ? ` (about ${minutes} minutes)` : '';
  return `Too many attempts. Please wait ${seconds} ${unit}${roughly}, then try again.`;
}

/**
 * Puts each issue beside the field it names (the first segment of its path, so "roles.0" lands on
 * "roles"); issues about anything else go to the form, so no problem is ever silently dropped.
 */
export function fromIssues<F extends string>(
  issues: readonly FieldIssue[],
  fields: readonly F[],
): FormErrors<F> {
  const known = new Set<string>(fields);
  const byField: Partial<Record<F, string>> = {};
  const rest: string[] = [];
  for (const issue of issues) {
    const field = issue.path.split('.')[0] ?? '';
    if (issue.location === 'body' && known.has(field)) {
      byField[field as F] ??= asSentence(issue.message);
    } else {
      rest.push(issue.path ? `${issue.path}: ${issue.message}` : asSentence(issue.message));
    }
  }
  return rest.length > 0 ? { fields: byField, form: rest.join(' ') } : { fields: byField };
}

const issueLocations: ReadonlySet<unknown> = new Set<FieldIssue['location']>([
  'body',
  'query',
  'params',
  'header',
]);

/**
 * Whether `value` is a list of issues as `fieldIssueSchema` (libs/contracts) describes them:
 * checked here without zod, so the first page's forms need not load it (a spec keeps the two
 * in step). Extra keys are dropped, as the schema would.
 */
export function asFieldIssues(value: unknown): FieldIssue[] | null {
  if (!Array.isArray(value)) return null;
  const issues: FieldIssue[] = [];
  for (const item of value as unknown[]) {
    if (typeof item !== 'object' || item === null) return null;
    const { location, path, message } = item as Record<string, unknown>;
    if (!issueLocations.has(location) || typeof path !== 'string' || typeof message !== 'string') {
      return null;
    }
    issues.push({ location: location as FieldIssue['location'], path, message });
  }
  return issues;
}

export interface ToFormErrorsOptions {
  /** A message of our own for a status, where the server's would not tell the person enough. */
  readonly messages?: Readonly<Partial<Record<number, string>>>;
}

/** Turns whatever a submit threw into messages a person can act on. */
export function toFormErrors<F extends string>(
  error: unknown,
  fields: readonly F[],
  options: ToFormErrorsOptions = {},
): FormErrors<F> {
  if (!(error instanceof ApiError)) return formOnly(networkFailureMessage);
  const own = options.messages?.[error.status];
  if (own) return formOnly(own);
  if (error.status === 400) {
    const issues = asFieldIssues(error.details?.['issues']);
    if (issues && issues.length > 0) return fromIssues(issues, fields);
  }
  if (error.status === 429) {
    const seconds = error.details?.['retryAfterSeconds'];
    return formOnly(waitMessage(typeof seconds === 'number' ? seconds : undefined));
  }
  // A conflict such as "this email already has an account" belongs beside the field it is about.
  const field = error.details?.['field'];
  if (typeof field === 'string' && (fields as readonly string[]).includes(field)) {
    return { fields: { [field]: asSentence(error.message) } as FieldMessages<F> };
  }
  if (error.status >= 500 || error.code === 'invalid_response' || error.code === 'http_error') {
    return formOnly(serverFailureMessage);
  }
  return formOnly(error.message);
}

export type CheckedBody<S extends z.ZodType> =
  | { readonly ok: true; readonly body: z.output<S> }
  | { readonly ok: false; readonly issues: readonly FieldIssue[] };

/**
 * Checks a form against the same contract schema the API validates with, so a person sees the
 * server's own wording at once and a typo never costs one of their rate-limited attempts.
 */
export function checkBody<S extends z.ZodType>(schema: S, values: z.input<S>): CheckedBody<S> {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, body: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({
      location: 'body' as const,
      path: issue.path.map(String).join('.'),
      message: issue.message,
    })),
  };
}

/** The field the person should be taken to first: the earliest one in the form with a message. */
export function firstInvalidField<F extends string>(
  errors: FormErrors<F>,
  fields: readonly F[],
): F | undefined {
  return fields.find((field) => errors.fields[field] !== undefined);
}
