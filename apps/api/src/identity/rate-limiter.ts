// The rate limiter lives with the other security controls; identity keeps its old import path.
export {
  perAccountAlert,
  perAccountLogin,
  perAddressLogin,
  RateLimiter,
} from '../security/rate-limiter';
