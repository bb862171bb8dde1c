// The value lists of Hearth's vocabulary, declared once. The rules of the domain are written
// against them, the wire contracts build their schemas from them (libs/contracts may import this
// module and nothing else of the domain), and the migrations' CHECK constraints spell them out
// in SQL. Values only: no rules, no imports.

/** How a course is delivered: one client, a couple, a family or a group. */
export const courseFormats = ['individual', 'couple', 'family', 'group'] as const;
export type CourseFormat = (typeof courseFormats)[number];

/** The four IPT problem areas a course or a client works on. */
export const focusAreas = ['disputes', 'role_transitions', 'grief', 'deficits'] as const;
export type FocusArea = (typeof focusAreas)[number];

/** How a member relates to the others on a roster ('member' for a group member). */
export const memberRelations = [
  'member',
  'partner',
  'parent',
  'child',
  'sibling',
  'carer',
  'other',
] as const;
export type MemberRelation = (typeof memberRelations)[number];

/**
 * Where a member is on a roster: invited (holds a place), active, withdrawn (place freed), or
 * waitlisted (waiting for a place in a full group; holds none).
 */
export const rosterStatuses = ['invited', 'active', 'withdrawn', 'waitlisted'] as const;
export type RosterStatus = (typeof rosterStatuses)[number];

/** The three phases of an IPT course, in order. */
export const iptPhases = ['initial', 'middle', 'termination'] as const;
export type IptPhase = (typeof iptPhases)[number];

/** How often a course offers check-ins: before every session, or before every 4th one. */
export const checkInSchedules = ['every_session', 'every_4th'] as const;
export type CheckInSchedule = (typeof checkInSchedules)[number];

/** Whether a session's check-in can be filled in now, and if not, why. */
export const checkInAvailabilities = [
  'open',
  'not_scheduled',
  'cancelled',
  'not_yet_open',
  'closed',
] as const;
export type CheckInAvailability = (typeof checkInAvailabilities)[number];

/** PHQ-9 severity bands (Kroenke et al. 2001). */
export const phq9Severities = [
  'minimal',
  'mild',
  'moderate',
  'moderately_severe',
  'severe',
] as const;
export type Phq9Severity = (typeof phq9Severities)[number];

/** GAD-7 severity bands (Spitzer et al. 2006). */
export const gad7Severities = ['minimal', 'mild', 'moderate', 'severe'] as const;
export type Gad7Severity = (typeof gad7Severities)[number];

/**
 * Where a person wants to be seen: remote (by video), in person at one of the practice's
 * locations, or either (by video or at that location).
 */
export const therapySettings = ['remote', 'in_person', 'either'] as const;
export type TherapySetting = (typeof therapySettings)[number];

/**
 * How well a participant's connection carries the call, best first; 'unknown' until anything is
 * measured.
 */
export const connectionGrades = ['good', 'fair', 'poor', 'unknown'] as const;
export type ConnectionGrade = (typeof connectionGrades)[number];

/** How many in-person locations a practice may list, and how long their words may be. */
export const practiceLocationLimits = { max: 20, nameMax: 80, addressMax: 200 } as const;
