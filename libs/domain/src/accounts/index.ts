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
export {
  checkFactorRemoval,
  checkRequireSecondFactor,
  formatRecoveryCode,
  isStaff,
  mustEnrolSecondFactor,
  normalizeRecoveryCode,
  normalizeTotpCode,
  recoveryCodeCount,
  stepUpFresh,
  stepUpWindowMs,
} from './second-factor';
