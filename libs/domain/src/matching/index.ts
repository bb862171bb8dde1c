export {
  fitsAvailability,
  sharedSlots,
  type PartOfDay,
  type SharedSlot,
  type ZonedAvailability,
} from './availability-overlap';
export {
  rankMatches,
  therapistCaseloadLimit,
  therapySettings,
  type GroupCandidate,
  type Match,
  type MatchRequest,
  type TherapistCandidate,
  type TherapySetting,
} from './ranking';
export { anonymiseAfter, formTokenRules, judgeFormTiming, type FormTiming } from './intake';
export {
  checkPracticeLocations,
  practiceLocationLimits,
  type PracticeLocation,
  type PracticeLocationDraft,
} from './practice-locations';
