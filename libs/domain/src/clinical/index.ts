export {
  checkInShape,
  gad7Bands,
  gad7Severities,
  gad7Severity,
  needsSafetyAlert,
  phq9Bands,
  phq9Severities,
  phq9Severity,
  scoreCheckIn,
  type CheckInAnswers,
  type CheckInScore,
  type Gad7Severity,
  type ItemAnswer,
  type Phq9Severity,
  type SeverityBand,
} from './check-in-scoring';
export {
  checkInAvailabilities,
  checkInAvailability,
  checkInOpensBeforeMs,
  checkInSchedules,
  isCheckInSession,
  type CheckInAvailability,
  type CheckInSchedule,
  type CheckInSession,
} from './check-in-schedule';
export { focusLimits, validateFocus, type ClientFocus } from './focus-goals';
