export {
  DomainError,
  domainErrorCodes,
  isDomainError,
  type DomainErrorCode,
  type DomainErrorDetails,
} from './errors/domain-error';
export {
  takeToken,
  type BucketRule,
  type BucketState,
  type TakeResult,
} from './limits/token-bucket';
export * from './scheduling';
export { validateAvailability, type AvailabilityWindow } from './profiles/availability';
export * from './live';
export * from './agenda';
export * from './clinical';
export * from './matching';
export * from './passwords/password-strength';
export * from './accounts';
