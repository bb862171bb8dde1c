export {
  DomainError,
  domainErrorCodes,
  isDomainError,
  type DomainErrorCode,
  type DomainErrorDetails,
} from './errors/domain-error';
