import {
  ApiError,
  fieldIssueSchema,
  type CourseCreateBody,
  type CourseFormat,
  type FocusArea,
  type MemberRelation,
  type Person,
} from '@hearth/contracts';
import { defaultDurationMinutes, sessionCountLimits } from '@hearth/domain';
import { addLocalDays, localDateOf } from '../scheduling/schedule-time';

/** The builder's fields in screen order: the order focus moves through after a failed submit. */
export const courseFields = [
  'title',
  'format',
  'focusAreas',
  'therapistId',
  'coTherapistId',
  'members',
  'maxMembers',
  'sessionCount',
  'durationMinutes',
  'weekday',
  'localTime',
  'startDate',
  'timeZone',
] as const;
export type CourseField = (typeof courseFields)[number];

export interface MemberChoice {
  readonly personId: string;
  readonly relation: MemberRelation;
}

/** What the builder's inputs hold: numbers stay text until they are sent. */
export interface CourseFormValues {
  readonly title: string;
  readonly format: CourseFormat;
  readonly focusAreas: readonly FocusArea[];
  readonly therapistId: string;
  readonly coTherapistId: string;
  readonly members: readonly MemberChoice[];
  readonly maxMembers: string;
  readonly sessionCount: string;
  readonly durationMinutes: string;
  readonly weekday: string;
  readonly localTime: string;
  readonly startDate: string;
  readonly timeZone: string;
}

/** A fresh plan: 12 weekly sessions from next week, at the coordinator's own zone. */
export function initialCourseValues(now: Date, timeZone: string): CourseFormValues {
  const startDate = addLocalDays(localDateOf(now, timeZone), 7);
  return {
    title: '',
    format: 'individual',
    focusAreas: [],
    therapistId: '',
    coTherapistId: '',
    members: [],
    maxMembers: '',
    sessionCount: String(sessionCountLimits.default),
    durationMinutes: String(defaultDurationMinutes('individual')),
    weekday: '1',
    localTime: '10:00',
    startDate,
    timeZone,
  };
}

/** The relation a client most likely has in a course of this format; the coordinator can change it. */
export function defaultRelation(format: CourseFormat): MemberRelation {
  switch (format) {
    case 'couple':
      return 'partner';
    case 'family':
      return 'other';
    case 'individual':
    case 'group':
      return 'member';
  }
}

/**
 * Switching format moves the session length to the new format's default (90 minutes for groups)
 * unless the coordinator already chose one of their own, and drops a group-only maximum.
 */
export function withFormat(values: CourseFormValues, format: CourseFormat): CourseFormValues {
  const untouched = values.durationMinutes === String(defaultDurationMinutes(values.format));
  return {
    ...values,
    format,
    durationMinutes: untouched ? String(defaultDurationMinutes(format)) : values.durationMinutes,
    maxMembers: format === 'group' ? values.maxMembers : '',
    members: values.members.map((m) =>
      m.relation === defaultRelation(values.format)
        ? { ...m, relation: defaultRelation(format) }
        : m,
    ),
  };
}

// An empty number box means "the default", which the API applies; text that is not a number
// is sent as it is so the contract names the field.
function numberOrDefault(text: string): number | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : Number(trimmed);
}

/** The request body, in the contract's shape; the contract schema then checks it. */
export function toCourseBody(values: CourseFormValues): CourseCreateBody {
  const maxMembers = values.format === 'group' ? numberOrDefault(values.maxMembers) : undefined;
  const sessionCount = numberOrDefault(values.sessionCount);
  const durationMinutes = numberOrDefault(values.durationMinutes);
  return {
    title: values.title,
    format: values.format,
    focusAreas: [...values.focusAreas],
    therapistId: values.therapistId,
    coTherapistId: values.coTherapistId === '' ? null : values.coTherapistId,
    ...(maxMembers !== undefined ? { maxMembers } : {}),
    ...(sessionCount !== undefined ? { sessionCount } : {}),
    ...(durationMinutes !== undefined ? { durationMinutes } : {}),
    timeZone: values.timeZone,
    weekday: Number(values.weekday),
    localTime: values.localTime,
    startDate: values.startDate,
    members: values.members.map((m) => ({ personId: m.personId, relation: m.relation })),
  };
}

/** The practice's therapists and clients, the people the builder offers. */
export function peopleWithRole(people: readonly Person[], role: Person['roles'][number]): Person[] {
  return people
    .filter((person) => person.roles.includes(role))
    .sort((a, b) => a.displayName.localeCompare(b.displayName, 'en'));
}

/**
 * A 400 names a member by position ("members.1.personId"); the builder shows the message beside
 * that person, so this maps positions back to who was chosen there.
 */
export function memberIssues(
  error: unknown,
  members: readonly MemberChoice[],
): Readonly<Record<string, string>> {
  if (!(error instanceof ApiError) || error.status !== 400) return {};
  const issues = fieldIssueSchema.array().safeParse(error.details?.['issues']);
  if (!issues.success) return {};
  const byPerson: Record<string, string> = {};
  for (const issue of issues.data) {
    const match = /^members\.(\d+)(\.|$)/.exec(issue.path);
    const member = match ? members[Number(match[1])] : undefined;
    if (member && issue.location === 'body') byPerson[member.personId] ??= issue.message;
  }
  return byPerson;
}

/** A fresh key per plan sent: a retry or a double click of the same plan creates one course. */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
