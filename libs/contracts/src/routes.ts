import { calendarRoutes } from './calendar/calendar.contract';
import { clinicalRoutes } from './clinical/clinical.contract';
import { healthRoutes } from './health/health.contract';
import { accountRoutes } from './identity/account.contract';
import { identityRoutes } from './identity/identity.contract';
import { secondFactorRoutes } from './identity/second-factor.contract';
import { agendaRoutes } from './live/agenda.contract';
import { liveRoutes } from './live/live-routes.contract';
import { mailRoutes } from './mail/mail.contract';
import { matchingRoutes } from './matching/matching.contract';
import { practiceRoutes } from './practice/practice-locations.contract';
import type { RouteContract } from './http/route';
import { profileRoutes } from './profiles/therapist-profile.contract';
import { privacyRoutes } from './privacy/privacy.contract';
import { schedulingRoutes } from './scheduling/scheduling.contract';
import { iceServerRoutes } from './security/ice-servers.contract';

/** Every HTTP route of the API, in the order the OpenAPI document lists them. */
export const apiRoutes: readonly RouteContract[] = [
  ...Object.values(healthRoutes),
  ...Object.values(calendarRoutes),
  ...Object.values(identityRoutes),
  ...Object.values(accountRoutes),
  ...Object.values(secondFactorRoutes),
  ...Object.values(practiceRoutes),
  ...Object.values(schedulingRoutes),
  ...Object.values(profileRoutes),
  ...Object.values(liveRoutes),
  ...Object.values(clinicalRoutes),
  ...Object.values(matchingRoutes),
  ...Object.values(agendaRoutes),
  ...Object.values(privacyRoutes),
  ...Object.values(iceServerRoutes),
  ...Object.values(mailRoutes),
];
