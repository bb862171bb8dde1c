// The routes a page may call before any other: the session refresh and sign-out, the readiness
// check, sign-in and its second step. The web app loads this module alone for them, so its first
// page compiles and runs these few schemas rather than every route's; everything here is also
// exported by the package's index.
export { ApiError, createApiClient } from './http/api-client';
export { healthRoutes } from './health/health.contract';
export { identityRoutes, loginBodySchema } from './identity/identity.contract';
export { secondFactorRoutes } from './identity/second-factor.contract';
