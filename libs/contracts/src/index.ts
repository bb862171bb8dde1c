export {
  ApiError,
  createApiClient,
  type ApiClient,
  type ApiClientOptions,
} from './http/api-client';
export {
  apiErrorBodySchema,
  fieldIssueSchema,
  type ApiErrorBody,
  type FieldIssue,
} from './http/errors';
export { buildOpenApiDocument, type OpenApiInfo } from './http/openapi';
export {
  buildPath,
  defineRoute,
  type HttpMethod,
  type ParsedRouteInput,
  type RouteContract,
  type RouteInput,
  type RouteOutput,
} from './http/route';
export {
  dependencyCheckSchema,
  healthRoutes,
  livenessSchema,
  readinessSchema,
  type Readiness,
} from './health/health.contract';
export { apiRoutes } from './routes';
export {
  acceptInvitationBodySchema,
  createdInvitationSchema,
  identityRoutes,
  invitationCreateBodySchema,
  invitationPreviewSchema,
  invitationSchema,
  loginBodySchema,
  personSchema,
  roleSchema,
  roles,
  sessionTokensSchema,
  signUpBodySchema,
  timeZoneSchema,
  type Person,
  type Role,
  type SessionTokens,
} from './identity/identity.contract';
