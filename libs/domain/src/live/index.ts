export {
  assertJoinable,
  joinClosesMinutesAfter,
  joinOpensMinutesBefore,
  joinWindowOf,
  type JoinWindow,
} from './join-window';
export {
  BREAKOUT_WARNING_MS,
  CHAT_HISTORY_LIMIT,
  LiveSession,
  SEAT_HOLD_MS,
  breakoutRoomLimits,
  type Entrant,
  type JoinOutcome,
  type LiveChatMessage,
  type LiveMediaSource,
  type LiveRole,
  type LiveSessionSnapshot,
  type ParticipantView,
  type Presence,
  type SessionViewModel,
  type TickOutcome,
} from './live-session';
export {
  connectionGrades,
  connectionThresholds,
  gradeConnection,
  suggestsAudioOnly,
  type ConnectionGrade,
  type ConnectionSignals,
} from './connection-grade';
