export {
  assertCanAddMember,
  capacityOf,
  countHeldPlaces,
  courseFormatRules,
  courseFormats,
  defaultDurationMinutes,
  focusAreas,
  holdsPlace,
  isCourseTherapist,
  isAllowedDuration,
  isAllowedSessionCount,
  isCourseFormat,
  isFocusArea,
  memberRelations,
  rosterReadiness,
  rosterStatuses,
  sessionCountLimits,
  sessionDurationLimits,
  type Capacity,
  type CourseFormat,
  type CourseFormatRule,
  type FocusArea,
  type MemberRelation,
  type RosterReadiness,
  type RosterStatus,
} from './course-format';
export {
  focusAreaLimits,
  validateCoursePlan,
  type CoursePlan,
  type CoursePlanInput,
} from './course-plan';
export {
  iptPhases,
  midpointSession,
  phaseOf,
  phaseSplit,
  sessionLabel,
  type IptPhase,
  type PhaseSplit,
  type SessionRange,
} from './ipt-phases';
export {
  canonicalTimeZone,
  instantFromLocal,
  toLocalParts,
  utcOffsetMinutes,
  type LocalParts,
} from './time-zone';
export { type IsoWeekday } from './civil-time';
export { weeklySeries, type SeriesOccurrence, type WeeklySeriesInput } from './weekly-series';
export {
  assertNoConflicts,
  findConflicts,
  overlaps,
  type BookedSession,
  type SessionConflict,
  type TimeInterval,
} from './conflicts';
export {
  changeReasonMaxLength,
  planCancellation,
  planReschedule,
  type CancelRequest,
  type CancelledChange,
  type RescheduleRequest,
  type RescheduledChange,
  type SessionChange,
  type SessionState,
} from './session-changes';
export {
  admitMember,
  hasWaitlist,
  planMemberStatusChange,
  type Admission,
  type MemberStatusChange,
} from './roster-changes';
export { type ValidationIssue } from './validation-issues';
export {
  dueReminderKinds,
  reminderKinds,
  reminderWindows,
  type ReminderKind,
  type ReminderWindow,
} from './reminders';
export {
  placesAcceptedWithInvitation,
  planCoordinatorRosterChange,
  planOfferAnswer,
  rosterChangeReasonMaxLength,
  type CoordinatorRosterChange,
  type OfferAnswer,
} from './roster-lifecycle';
export {
  assertMayJoin,
  joinBlocks,
  joinRefusal,
  type JoinBlock,
  type JoinCandidate,
} from './roster-join';
