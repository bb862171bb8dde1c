// Every in-app address in one place, so a link and its route cannot drift apart.
export const paths = {
  welcome: '/',
  home: '/home',
  signIn: '/sign-in',
  signUp: '/sign-up',
  confirmSignUp: '/confirm-sign-up/:token',
  forgotPassword: '/forgot-password',
  resetPassword: '/reset-password/:token',
  verifyEmail: '/verify-email/:token',
  account: '/account',
  invitation: '/invitations/:token',
  newCourse: '/courses/new',
  course: '/courses/:courseId',
  calendar: '/calendar',
  courses: '/courses',
  people: '/people',
  clients: '/clients',
  checkIns: '/check-ins',
  settings: '/settings',
  joinSession: '/sessions/:sessionId/join',
  checkIn: '/sessions/:sessionId/check-in',
  sessionAgenda: '/sessions/:sessionId/agenda',
  clientRecord: '/courses/:courseId/clients/:personId',
  profile: '/profile',
  therapist: '/therapists/:personId',
  requestTherapy: '/practices/:practiceId/request-therapy',
  therapyRequests: '/requests',
  therapyRequest: '/requests/:requestId',
} as const;

export function coursePath(courseId: string): string {
  return paths.course.replace(':courseId', encodeURIComponent(courseId));
}

export function joinSessionPath(sessionId: string): string {
  return paths.joinSession.replace(':sessionId', encodeURIComponent(sessionId));
}

/** The week view at the week that starts on `monday` ('YYYY-MM-DD'). */
export function calendarWeekPath(monday: string): string {
  return `${paths.calendar}?week=${monday}`;
}

/** A therapist's profile, as a coordinator reaches it. */
export function therapistPath(personId: string): string {
  return paths.therapist.replace(':personId', encodeURIComponent(personId));
}

/** A request for therapy, as a coordinator reaches it. */
export function therapyRequestPath(requestId: string): string {
  return paths.therapyRequest.replace(':requestId', encodeURIComponent(requestId));
}

/** A session's agenda: to read, or for its therapists to edit. */
export function sessionAgendaPath(sessionId: string): string {
  return paths.sessionAgenda.replace(':sessionId', encodeURIComponent(sessionId));
}

/** A client's check-in before one session. */
export function checkInPath(sessionId: string): string {
  return paths.checkIn.replace(':sessionId', encodeURIComponent(sessionId));
}

/** One client's records in one course (the client themself, or the course's therapists). */
export function clientRecordPath(courseId: string, personId: string): string {
  return paths.clientRecord
    .replace(':courseId', encodeURIComponent(courseId))
    .replace(':personId', encodeURIComponent(personId));
}
