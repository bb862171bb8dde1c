export {
  assertJoinable,
  joinClosesMinutesAfter,
  joinOpensMinutesBefore,
  joinWindowOf,
  type JoinWindow,
} from './join-window';
export { LiveSession } from './live-session';
export { SEAT_HOLD_MS } from './admission';
export { BREAKOUT_WARNING_MS, breakoutRoomLimits } from './breakouts';
export { CHAT_HISTORY_LIMIT } from './live-chat';
export type {
  BreakoutsSnapshot,
  Entrant,
  JoinOutcome,
  LiveChatMessage,
  LiveMediaSource,
  LiveRole,
  LiveSessionSnapshot,
  ParticipantView,
  Presence,
  SessionViewModel,
  TickOutcome,
} from './live-types';
export {
  connectionGrades,
  connectionThresholds,
  gradeConnection,
  suggestsAudioOnly,
  type ConnectionGrade,
  type ConnectionSignals,
} from './connection-grade';
