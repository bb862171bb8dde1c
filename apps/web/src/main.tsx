import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App, preloadPage } from './app/App';
import { AppProviders } from './app/AppProviders';
import { createWebServices } from './app/web-services';
import {
  browserMayHaveSession,
  browserRefreshLock,
  browserSessionBroadcast,
} from './features/auth/browser-session';
import './features/ui/tokens.css';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element to render Hearth into');

const broadcast = browserSessionBroadcast();
const services = createWebServices({
  baseUrl: '',
  lock: browserRefreshLock(),
  ...(broadcast ? { broadcast } : {}),
  mayHaveSession: browserMayHaveSession,
});
// Started before the first render so the page-load refresh goes out at once, and only here:
// StrictMode runs effects twice, and a second refresh with an already-rotated cookie would revoke
// the whole sign-in.
services.session.start();
if (browserMayHaveSession()) preloadPage(window.location.pathname);

createRoot(container).render(
  <StrictMode>
    <AppProviders services={services}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </AppProviders>
  </StrictMode>,
);
