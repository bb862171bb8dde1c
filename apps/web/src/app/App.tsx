import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { AccountPage } from '../features/account/components/AccountPage';
import { VerifyEmailPage } from '../features/account/components/VerifyEmailPage';
import { AgendaPage } from '../features/agenda/components/AgendaPage';
import { CalendarPage } from '../features/calendar/components/CalendarPage';
import { CheckInPage } from '../features/clinical/components/CheckInPage';
import { ClientRecordPage } from '../features/clinical/components/ClientRecordPage';
import { CourseBuilderPage } from '../features/courses/components/CourseBuilderPage';
import { CoursePage } from '../features/courses/components/CoursePage';
import { HomePage } from '../features/home/components/HomePage';
import { AcceptInvitationPage } from '../features/invitations/components/AcceptInvitationPage';
import { RequestTherapyPage } from '../features/matching/components/RequestTherapyPage';
import { TherapyRequestPage } from '../features/matching/components/TherapyRequestPage';
import { TherapyRequestsPage } from '../features/matching/components/TherapyRequestsPage';
import { NotFoundPage } from '../features/not-found/components/NotFoundPage';
import { TherapistProfilePage } from '../features/profile/components/TherapistProfilePage';
import { RequireSignedIn } from '../features/session/components/RequireSignedIn';
import { AppShell } from '../features/shell/components/AppShell';
import { ForgotPasswordPage } from '../features/sign-in/components/ForgotPasswordPage';
import { ResetPasswordPage } from '../features/sign-in/components/ResetPasswordPage';
import { SignInPage } from '../features/sign-in/components/SignInPage';
import { ConfirmSignUpPage } from '../features/sign-up/components/ConfirmSignUpPage';
import { SignUpPage } from '../features/sign-up/components/SignUpPage';
import { WelcomePage } from '../features/welcome/components/WelcomePage';
import { paths } from './paths';

// The call view brings socket.io and mediasoup-client; only those who join a session load them.
const CallPage = lazy(async () => ({
  default: (await import('../features/call/components/CallPage')).CallPage,
}));

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
