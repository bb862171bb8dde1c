import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../features/not-found/components/NotFoundPage';
import { AppShell } from '../features/shell/components/AppShell';
import { SignInPage } from '../features/sign-in/components/SignInPage';
import { WelcomePage } from '../features/welcome/components/WelcomePage';
import { paths } from './paths';

/** Every page of the web app; the router (browser or memory) and the API client come from above. */
export function App() {
  return (
    <Routes>
      <Route element={<AppShell />}>
        <Route path={paths.home} element={<WelcomePage />} />
        <Route path={paths.signIn} element={<SignInPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
