export {
  agendaLimits,
  agendaTemplate,
  groupMeetingTemplate,
  validateAgenda,
  type AgendaItem,
  type AgendaTemplateInput,
  type GroupMeeting,
} from './agenda-template';
export {
  advanceAgenda,
  agendaClock,
  agendaNotStarted,
  extendAgendaItem,
  maxExtensionMinutes,
  nextTurn,
  reconcileAgenda,
  startAgenda,
  stepBackAgenda,
  type AgendaClock,
  type AgendaProgress,
} from './agenda-progress';
