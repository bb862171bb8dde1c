export {
  defaultMailRetry,
  mailFailureOf,
  nextMailAttempt,
  type MailFailure,
  type MailRetryRule,
} from './mail-retry';
export { deviceLabel } from './device-label';
export { checkRoleChange } from './role-change';
export { accountLinkUsable, emailVerificationHours, passwordResetMinutes } from './account-links';
