import { Navigate, Outlet, useLocation } from 'react-router';
import { paths } from '../../../app/paths';
import { useSession } from '../hooks/useSession';

/**
 * Pages for signed-in people: others are sent to sign in, never shown a half-empty page; someone
 * who must set up a second factor is kept on their account page until they have.
 */
export function RequireSignedIn() {
  const { status, mustEnrolSecondFactor } = useSession();
  const { pathname } = useLocation();
  switch (status) {
    case 'loading':
      // The refresh cookie is being tried; deciding before it answers would bounce a person
      // who is in fact signed in to the sign-in page on every reload.
      return (
        <p className="page" role="status">
          Checking your sign-in…
        </p>
      );
    case 'signed-out':
      return <Navigate to={paths.signIn} replace />;
    case 'signed-in':
      // The practice requires a second factor: nothing else until one is set up.
      if (mustEnrolSecondFactor && pathname !== paths.account) {
        return <Navigate to={paths.account} replace />;
      }
      return <Outlet />;
  }
}
