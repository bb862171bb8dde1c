export {
  ApiError,
  createApiClient,
  type ApiClient,
  type ApiClientOptions,
  type CallOptions,
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
export { idParams, instant, isoDate, optionalText, text, unique, uuid } from './primitives';
export {
  acceptInvitationBodySchema,
  createdInvitationSchema,
  identityRoutes,
  invitationCreateBodySchema,
  invitationPreviewSchema,
  invitationSchema,
  loginBodySchema,
  loginResultSchema,
  meSchema,
  personSchema,
  roleSchema,
  roles,
  secondFactorChallengeSchema,
  secondFactorMethodSchema,
  sessionTokensSchema,
  signUpBodySchema,
  confirmSignUpBodySchema,
  timeZoneSchema,
  type Me,
  type Person,
  type LoginResult,
  type Role,
  type SecondFactorChallenge,
  type SecondFactorMethod,
  type SessionTokens,
} from './identity/identity.contract';
export {
  bookingConflictSchema,
  cancelBodySchema,
  capacitySchema,
  courseCreateBodySchema,
  courseDetailSchema,
  courseFormatSchema,
  courseIdParamsSchema,
  courseSessionSchema,
  coursePreviewSchema,
  courseSummarySchema,
  focusAreaSchema,
  idempotencyKeyHeader,
  idempotencyKeySchema,
  initialMemberSchema,
  iptPhaseSchema,
  memberAddBodySchema,
  memberParamsSchema,
  memberRelationSchema,
  memberUpdateBodySchema,
  personRefSchema,
  placeOfferAnswerBodySchema,
  placeOfferParamsSchema,
  placeOfferSchema,
  rescheduleBodySchema,
  rosterReadinessSchema,
  rosterMemberSchema,
  rosterStatusSchema,
  schedulingRoutes,
  sessionChangeSchema,
  sessionDetailSchema,
  sessionIdParamsSchema,
  sessionItemSchema,
  sessionListItemSchema,
  sessionStatusSchema,
  sessionSummarySchema,
  sessionWindowQuerySchema,
  type BookingConflict,
  type CourseCreateBody,
  type CourseDetail,
  type CourseSession,
  type CourseFormat,
  type CoursePreview,
  type CourseSummary,
  type FocusArea,
  type IptPhase,
  type MemberAddBody,
  type MemberRelation,
  type PersonRef,
  type PlaceOffer,
  type RosterMember,
  type RosterStatus,
  type SessionDetail,
  type SessionItem,
  type SessionListItem,
  type SessionSummary,
} from './scheduling/scheduling.contract';
export { calendarFeedSchema, calendarRoutes } from './calendar/calendar.contract';
export {
  availabilityWindowSchema,
  profileRoutes,
  therapistProfileBodySchema,
  therapistProfileSchema,
  type TherapistProfile,
  type TherapistProfileBody,
} from './profiles/therapist-profile.contract';
export * from './live/live.contract';
export * from './live/live-events.contract';
export * from './live/live-routes.contract';
export * from './live/agenda.contract';
export * from './live/media-quality.contract';
export * from './live/e2ee.contract';
export * from './live/e2ee-frame';
export * from './clinical/clinical.contract';
export * from './matching/matching.contract';
export * from './practice/practice-locations.contract';
export * from './privacy/privacy.contract';
export * from './security/ice-servers.contract';
export * from './primitives/text';
export * from './primitives/time';
export * from './mail/mail.contract';
export * from './identity/account.contract';
export * from './identity/second-factor.contract';
