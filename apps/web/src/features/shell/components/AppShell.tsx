import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { Link, matchPath, Outlet, useLocation } from 'react-router';
import { paths } from '../../../app/paths';
import { ImmersiveContext } from '../immersive';
import { StepUpDialog } from '../../second-factor/components/StepUpDialog';
import { SessionNav } from '../../auth/components/SessionNav';
import { ServiceStatusLine } from '../../status/components/ServiceStatusLine';
import { useSession } from '../../auth/hooks/useSession';
import { productName } from '../page-title';

export const mainContentId = 'main-content';

// The places to go are for signed-in people only: fetched once someone is signed in, so the
// sign-in page (the first page most people open) does not carry them.
const MainNav = lazy(() => import('./MainNav').then((m) => ({ default: m.MainNav })));

export function AppShell() {
  const { pathname } = useLocation();
  const { person } = useSession();
  // In a call the screen is the call's: no bar of places over its controls and panels.
  const showNav = Boolean(person) && !matchPath(paths.joinSession, pathname);
  // The live call takes the whole window: no header with "Sign out", no footer under the video.
  const [immersive, setImmersive] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  const shownPath = useRef(pathname);

  // A client-side navigation does not move focus the way a page load does, so keyboard and
  // screen-reader users would stay on the link they followed; move them to the new content.
  useEffect(() => {
    if (shownPath.current === pathname) return;
    shownPath.current = pathname;
    mainRef.current?.focus();
  }, [pathname]);

  return (
    <div
      className={immersive ? 'shell shell--immersive' : showNav ? 'shell shell--with-nav' : 'shell'}
    >
      <a className="skip-link" href={`#${mainContentId}`}>
        Skip to main content
      </a>
      {immersive ? null : (
        <header className="shell__header">
          <div className="shell__bar">
            <Link className="brand" to={paths.welcome}>
              {productName}
            </Link>
            <SessionNav />
          </div>
          {person ? (
            <Suspense fallback={null}>
              <MainNav />
            </Suspense>
          ) : null}
        </header>
      )}
      <main id={mainContentId} ref={mainRef} tabIndex={-1} className="shell__main">
        {/* Most pages are fetched when first opened; the header and footer stay put meanwhile. */}
        <Suspense
          fallback={
            <p className="page" role="status">
              Loading the page…
            </p>
          }
        >
          <ImmersiveContext value={setImmersive}>
            <Outlet />
          </ImmersiveContext>
        </Suspense>
      </main>
      <StepUpDialog />
      {immersive ? null : (
        <footer className="shell__footer">
          <ServiceStatusLine />
        </footer>
      )}
    </div>
  );
}
