import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { matchPath, Route, Routes } from 'react-router';
import { NotFoundPage } from '../features/not-found/components/NotFoundPage';
import { RequireSignedIn } from '../features/auth/components/RequireSignedIn';
import { AppShell } from '../features/shell/components/AppShell';
import { SignInPage } from '../features/sign-in/components/SignInPage';
import { WelcomePage } from '../features/welcome/components/WelcomePage';
import { paths } from './paths';

/**
 * A page fetched only when someone opens it: the first page (welcome, sign-in) stays small, and
 * each feature brings its own code. AppShell shows a polite loading line while it arrives.
 */
function page<K extends string>(
  load: () => Promise<Record<K, ComponentType>>,
  name: K,
): LazyExoticComponent<ComponentType> & { preload(): Promise<unknown> } {
  const component = lazy(async (): Promise<{ default: ComponentType }> => ({
    default: (await load())[name],
  }));
  return Object.assign(component, { preload: load });
}

const SignUpPage = page(() => import('../features/sign-up/components/SignUpPage'), 'SignUpPage');
const ConfirmSignUpPage = page(
  () => import('../features/sign-up/components/ConfirmSignUpPage'),
  'ConfirmSignUpPage',
);
const ForgotPasswordPage = page(
  () => import('../features/sign-in/components/ForgotPasswordPage'),
  'ForgotPasswordPage',
);
const ResetPasswordPage = page(
  () => import('../features/sign-in/components/ResetPasswordPage'),
  'ResetPasswordPage',
);
const VerifyEmailPage = page(
  () => import('../features/account/components/VerifyEmailPage'),
  'VerifyEmailPage',
);
const AcceptInvitationPage = page(
  () => import('../features/invitations/components/AcceptInvitationPage'),
  'AcceptInvitationPage',
);
const RequestTherapyPage = page(
  () => import('../features/matching/components/RequestTherapyPage'),
  'RequestTherapyPage',
);
const HomePage = page(() => import('../features/home/components/HomePage'), 'HomePage');
const AccountPage = page(() => import('../features/account/components/AccountPage'), 'AccountPage');
const CourseBuilderPage = page(
  () => import('../features/courses/components/CourseBuilderPage'),
  'CourseBuilderPage',
);
const CoursePage = page(() => import('../features/courses/components/CoursePage'), 'CoursePage');
const CoursesPage = page(() => import('../features/courses/components/CoursesPage'), 'CoursesPage');
const PeoplePage = page(() => import('../features/people/components/PeoplePage'), 'PeoplePage');
const ClientsPage = page(
  () => import('../features/clinical/components/ClientsPage'),
  'ClientsPage',
);
const CheckInsPage = page(
  () => import('../features/clinical/components/CheckInsPage'),
  'CheckInsPage',
);
const SettingsPage = page(
  () => import('../features/settings/components/SettingsPage'),
  'SettingsPage',
);
const CalendarPage = page(
  () => import('../features/calendar/components/CalendarPage'),
  'CalendarPage',
);
const CheckInPage = page(
  () => import('../features/clinical/components/CheckInPage'),
  'CheckInPage',
);
const AgendaPage = page(() => import('../features/agenda/components/AgendaPage'), 'AgendaPage');
const ClientRecordPage = page(
  () => import('../features/clinical/components/ClientRecordPage'),
  'ClientRecordPage',
);
// The call view brings socket.io and mediasoup-client; only those who join a session load them.
const CallPage = page(() => import('../features/call/components/CallPage'), 'CallPage');
const TherapistProfilePage = page(
  () => import('../features/profile/components/TherapistProfilePage'),
  'TherapistProfilePage',
);
const TherapyRequestsPage = page(
  () => import('../features/matching/components/TherapyRequestsPage'),
  'TherapyRequestsPage',
);
const TherapyRequestPage = page(
  () => import('../features/matching/components/TherapyRequestPage'),
  'TherapyRequestPage',
);

// Pages behind sign-in render only once the session refresh has answered; fetching their code
// meanwhile (preloadPage) saves a round trip after it.
const signedInPages = [
  [paths.home, HomePage],
  [paths.account, AccountPage],
  [paths.newCourse, CourseBuilderPage],
  [paths.course, CoursePage],
  [paths.calendar, CalendarPage],
  [paths.courses, CoursesPage],
  [paths.people, PeoplePage],
  [paths.clients, ClientsPage],
  [paths.checkIns, CheckInsPage],
  [paths.settings, SettingsPage],
  [paths.checkIn, CheckInPage],
  [paths.sessionAgenda, AgendaPage],
  [paths.clientRecord, ClientRecordPage],
  [paths.joinSession, CallPage],
  [paths.profile, TherapistProfilePage],
  [paths.therapist, TherapistProfilePage],
  [paths.therapyRequests, TherapyRequestsPage],
  [paths.therapyRequest, TherapyRequestPage],
] as const;

/** Starts fetching the code of the signed-in page at `pathname`, if it is one. */
export function preloadPage(pathname: string): void {
  const found = signedInPages.find(([path]) => matchPath(path, pathname));
  // A failed fetch is retried, and reported, when the page itself is rendered.
  found?.[1].preload().catch(() => undefined);
}

/** Every page of the web app; the router, the API client and the session come from above. */
export function App() {
  return (
    <Routes>
      <Route element={<AppShell />}>
        <Route path={paths.welcome} element={<WelcomePage />} />
        <Route path={paths.signIn} element={<SignInPage />} />
        <Route path={paths.signUp} element={<SignUpPage />} />
        <Route path={paths.confirmSignUp} element={<ConfirmSignUpPage />} />
        <Route path={paths.forgotPassword} element={<ForgotPasswordPage />} />
        <Route path={paths.resetPassword} element={<ResetPasswordPage />} />
        <Route path={paths.verifyEmail} element={<VerifyEmailPage />} />
        <Route path={paths.invitation} element={<AcceptInvitationPage />} />
        <Route path={paths.requestTherapy} element={<RequestTherapyPage />} />
        <Route element={<RequireSignedIn />}>
          <Route path={paths.home} element={<HomePage />} />
          <Route path={paths.account} element={<AccountPage />} />
          <Route path={paths.newCourse} element={<CourseBuilderPage />} />
          <Route path={paths.course} element={<CoursePage />} />
          <Route path={paths.calendar} element={<CalendarPage />} />
          <Route path={paths.courses} element={<CoursesPage />} />
          <Route path={paths.people} element={<PeoplePage />} />
          <Route path={paths.clients} element={<ClientsPage />} />
          <Route path={paths.checkIns} element={<CheckInsPage />} />
          <Route path={paths.settings} element={<SettingsPage />} />
          <Route path={paths.checkIn} element={<CheckInPage />} />
          <Route path={paths.sessionAgenda} element={<AgendaPage />} />
          <Route path={paths.clientRecord} element={<ClientRecordPage />} />
          <Route
            path={paths.joinSession}
            element={
              <Suspense
                fallback={
                  <p className="page" role="status">
                    Opening the session…
                  </p>
                }
              >
                <CallPage />
              </Suspense>
            }
          />
          <Route path={paths.profile} element={<TherapistProfilePage />} />
          <Route path={paths.therapist} element={<TherapistProfilePage />} />
          <Route path={paths.therapyRequests} element={<TherapyRequestsPage />} />
          <Route path={paths.therapyRequest} element={<TherapyRequestPage />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
