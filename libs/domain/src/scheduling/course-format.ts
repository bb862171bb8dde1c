import { DomainError } from '../errors/domain-error';
import { type ValidationIssue, validationFailed } from './validation-issues';
import {
  courseFormats,
  focusAreas,
  type CourseFormat,
  type FocusArea,
  type RosterStatus,
} from '../vocabulary';

export {
  courseFormats,
  focusAreas,
  memberRelations,
  rosterStatuses,
  type CourseFormat,
  type FocusArea,
  type MemberRelation,
  type RosterStatus,
} from '../vocabulary';

/** How many clients a course's roster must and may hold. */
export interface Capacity {
  readonly min: number;
  readonly max: number;
}

/** The fixed rules of one course format. */
export interface CourseFormatRule {
  /** Fewest clients the course can start with. */
  readonly minMembers: number;
  /** Hard ceiling; for groups the course may choose a lower maximum. */
  readonly maxMembers: number;
  /** The maximum a course gets when it does not choose one. */
  readonly defaultMaxMembers: number;
  /** Whether a course may set its own maximum (only groups). */
  readonly maxMembersConfigurable: boolean;
  /** Session length in minutes when the plan does not give one. */
  readonly defaultDurationMinutes: number;
}

/**
 * Capacity and session-length rules per format. A group defaults to 9 members because group IPT
 * typically runs with 6–9; it may go up to 12 and must have at least 3 to be a group at all.
 */
export const courseFormatRules: Readonly<Record<CourseFormat, CourseFormatRule>> = {
  individual: {
    minMembers: 1,
    maxMembers: 1,
    defaultMaxMembers: 1,
    maxMembersConfigurable: false,
    defaultDurationMinutes: 50,
  },
  couple: {
    minMembers: 2,
    maxMembers: 2,
    defaultMaxMembers: 2,
    maxMembersConfigurable: false,
    defaultDurationMinutes: 50,
  },
  family: {
    minMembers: 2,
    maxMembers: 8,
    defaultMaxMembers: 8,
    maxMembersConfigurable: false,
    defaultDurationMinutes: 50,
  },
  group: {
    minMembers: 3,
    maxMembers: 12,
    defaultMaxMembers: 9,
    maxMembersConfigurable: true,
    defaultDurationMinutes: 90,
  },
};

/** Allowed session lengths in minutes: from `min` to `max` in steps of `step`. */
export const sessionDurationLimits = { min: 30, max: 120, step: 5 } as const;

/** Allowed number of sessions in a course (brief IPT is 8, group IPT runs up to 20). */
export const sessionCountLimits = { min: 8, max: 20, default: 12 } as const;

/** True when `value` is one of {@link courseFormats}. */
export function isCourseFormat(value: unknown): value is CourseFormat {
  return (courseFormats as readonly unknown[]).includes(value);
}

/** True when `value` is one of {@link focusAreas}. */
export function isFocusArea(value: unknown): value is FocusArea {
  return (focusAreas as readonly unknown[]).includes(value);
}

/** True when `minutes` is a session length the practice allows (30–120 in steps of 5). */
export function isAllowedDuration(minutes: unknown): minutes is number {
  const { min, max, step } = sessionDurationLimits;
  return (
    typeof minutes === 'number' &&
    Number.isInteger(minutes) &&
    minutes >= min &&
    minutes <= max &&
    minutes % step === 0
  );
}

/** True when `count` is a course length the practice allows (8–20 sessions). */
export function isAllowedSessionCount(count: unknown): count is number {
  const { min, max } = sessionCountLimits;
  return typeof count === 'number' && Number.isInteger(count) && count >= min && count <= max;
}

/** The session length a format gets when the plan does not give one (50 minutes, 90 for groups). */
export function defaultDurationMinutes(format: CourseFormat): number {
  return courseFormatRules[format].defaultDurationMinutes;
}

/**
 * The capacity of a course of `format`. Only a group may choose its maximum (3–12, default 9);
 * every other format's capacity follows from the format itself.
 *
 * @throws DomainError `validation_failed` (path `maxMembers`) when a non-group course gives a
 * maximum or a group's maximum is not a whole number from 3 to 12.
 */
export function capacityOf(format: CourseFormat, maxMembers?: number | null): Capacity {
  const issue = maxMembersIssue(format, maxMembers);
  if (issue) throw validationFailed('Capacity', [issue]);
  const rule = courseFormatRules[format];
  return { min: rule.minMembers, max: maxMembers ?? rule.defaultMaxMembers };
}

/** What is wrong with a course's chosen maximum, or undefined when it is acceptable or absent. */
export function maxMembersIssue(
  format: CourseFormat,
  maxMembers: number | null | undefined,
): ValidationIssue | undefined {
  if (maxMembers === undefined || maxMembers === null) return undefined;
  const rule = courseFormatRules[format];
  if (!rule.maxMembersConfigurable) {
    return {
      path: 'maxMembers',
      message: `cannot be set for a ${format} course; its capacity follows from the format`,
    };
  }
  if (
    !Number.isInteger(maxMembers) ||
    maxMembers < rule.minMembers ||
    maxMembers > rule.maxMembers
  ) {
    return {
      path: 'maxMembers',
      message: `must be a whole number from ${rule.minMembers} to ${rule.maxMembers} for a ${format} course`,
    };
  }
  return undefined;
}

/** True when a member in this status holds a place on the roster (invited and active do; withdrawn and waitlisted do not). */
export function holdsPlace(status: RosterStatus): boolean {
  // An invitation reserves the place so two coordinators cannot both fill the last seat.
  return status === 'invited' || status === 'active';
}

/** How many places a roster uses: invited and active members count, withdrawn ones do not. */
export function countHeldPlaces(members: readonly { readonly status: RosterStatus }[]): number {
  return members.filter((member) => holdsPlace(member.status)).length;
}

/**
 * Refuses to add one more member to a roster that already holds `countedMembers` places
 * (invited + active, see {@link countHeldPlaces}).
 *
 * @throws DomainError `conflict` with details `{ reason: 'capacity_exceeded', format, capacity }`
 * (capacity is the maximum) when the roster is full.
 */
export function assertCanAddMember(
  format: CourseFormat,
  countedMembers: number,
  capacity: Capacity,
): void {
  if (!Number.isInteger(countedMembers) || countedMembers < 0) {
    throw validationFailed('Roster count', [
      { path: 'countedMembers', message: 'must be a whole number of at least 0' },
    ]);
  }
  if (countedMembers >= capacity.max) {
    throw new DomainError(
      'conflict',
      `This ${format} course is full: it has room for ${capacity.max} ${capacity.max === 1 ? 'client' : 'clients'}`,
      { reason: 'capacity_exceeded', format, capacity: capacity.max },
    );
  }
}

/** Whether a roster can start its course, and what is missing if not. */
export interface RosterReadiness {
  readonly ready: boolean;
  /** Why it is not ready; absent when ready. */
  readonly reason?: 'too_few_members' | 'too_many_members';
  /** Members who have accepted; only they count towards starting. */
  readonly activeMembers: number;
  /** Members invited but not yet active; they hold places but cannot start a course. */
  readonly invitedMembers: number;
  /** More active members needed to reach the minimum (0 when enough). */
  readonly needed: number;
  readonly capacity: Capacity;
}

/**
 * Whether a roster meets its format's minimum to start (a couple needs exactly 2 active clients,
 * a family 2–8, a group at least 3). Only active members count: an invitation may never be
 * accepted, so a course cannot be started on the strength of one.
 */
export function rosterReadiness(
  members: readonly { readonly status: RosterStatus }[],
  capacity: Capacity,
): RosterReadiness {
  const activeMembers = members.filter((member) => member.status === 'active').length;
  const invitedMembers = members.filter((member) => member.status === 'invited').length;
  const needed = Math.max(0, capacity.min - activeMembers);
  const base = { activeMembers, invitedMembers, needed, capacity };
  if (needed > 0) return { ready: false, reason: 'too_few_members', ...base };
  // Possible only if a group's maximum was lowered after people joined.
  if (activeMembers > capacity.max) return { ready: false, reason: 'too_many_members', ...base };
  return { ready: true, ...base };
}

/** The people who run a course: its therapist and, when it has one, its co-therapist. */
export function isCourseTherapist(
  course: { readonly therapistId: string; readonly coTherapistId: string | null },
  personId: string,
): boolean {
  return course.therapistId === personId || course.coTherapistId === personId;
}
