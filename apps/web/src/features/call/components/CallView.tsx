import { lazy, Suspense, useState } from 'react';
import { useSessionAlerts } from '../../clinical/hooks/useSessionAlerts';
import { AgendaStrip } from '../../agenda/components/AgendaStrip';
import { useImmersivePage } from '../../shell/immersive';
import { isTherapist, selfOf } from '../call-state';
import { browserStorage as storage } from '../device-preferences';
import { readViewPrefs, writeViewPrefs, type CallViewPrefs } from '../call-view-prefs';
import { useCall } from '../hooks/useCall';
import { useCallShortcuts } from '../hooks/useCallShortcuts';
import { AudioOnlyOffer } from './AudioOnlyOffer';
import { CallDrawer, type CallAlerts, type DrawerTab } from './CallDrawer';
import { CallStatus, CallWhere } from './CallStatus';
import { ControlsBar } from './ControlsBar';
import { MediaProblemBanner } from './MediaProblemBanner';
import { ReconnectingBanner } from './ReconnectingBanner';
import { RemoteAudio } from './RemoteAudio';
import { openAlerts, SafetyAlertBanner } from './SafetyAlertBanner';
import { SessionHeader } from './SessionHeader';
import { VideoGrid } from './VideoGrid';
import './call-view.css';

// Fetched when first asked for: the list is not needed to join.
const ShortcutsDialog = lazy(() =>
  import('./ShortcutsDialog').then((m) => ({ default: m.ShortcutsDialog })),
);

/** The width from which the side panel sits beside the video; below it, a sheet over it. */
const sideBySide = '(min-width: 56rem)';

/**
 * In the call: the window is the call's. A slim bar on top (the session, its clock, the agenda's
 * current item), the dark stage, one side drawer in tabs, the controls at the bottom. The
 * session's therapists also get its safety alerts, polled for as long as the call lasts.
 */
export function CallView() {
  const { state } = useCall();
  const view = state.view;
  if (view && isTherapist(view)) return <TherapistCall sessionId={view.sessionId} />;
  return <CallLayout alerts={null} />;
}

function TherapistCall({ sessionId }: { sessionId: string }) {
  const query = useSessionAlerts(sessionId);
  const alerts = query.state.kind === 'ready' ? query.state.data.alerts : [];
  return <CallLayout alerts={{ alerts, reload: query.reload }} />;
}

function CallLayout({ alerts }: { alerts: CallAlerts | null }) {
  useImmersivePage();
  const { state, call } = useCall();
  const [prefs, setPrefs] = useState<CallViewPrefs>(() => readViewPrefs(storage()));
  const [drawerOpen, setDrawerOpen] = useState(
    () => window.matchMedia?.(sideBySide).matches ?? true,
  );
  const [tab, setTab] = useState<DrawerTab>('agenda');
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const say = (text: string) => call.announce(text);
  const info = state.view?.session;
  const self = selfOf(state.view);
  const { local } = state;

  const changePrefs = (change: Partial<CallViewPrefs>) => {
    const next = { ...prefs, ...change };
    setPrefs(next);
    writeViewPrefs(storage(), next);
  };
  const openTab = (which: DrawerTab) => {
    setTab(which);
    setDrawerOpen(true);
  };

  // A shortcut acts out of sight of the button, so what it did is said aloud.
  useCallShortcuts({
    microphone: () => {
      if (self?.unmuteLocked && !local.microphoneOn) {
        say('A therapist muted you. They can allow you to unmute.');
        return;
      }
      say(local.microphoneOn ? 'Microphone off' : 'Microphone on');
      void call.toggleMicrophone();
    },
    camera: () => {
      say(local.cameraOn ? 'Camera off' : 'Camera on');
      void call.toggleCamera();
    },
    hand: () => {
      const raised = (self?.handPosition ?? null) !== null;
      say(raised ? 'Hand lowered' : 'Hand raised');
      void (raised ? call.lowerHand() : call.raiseHand());
    },
    panel: () => {
      say(drawerOpen ? 'Side panel hidden' : 'Side panel shown');
      setDrawerOpen(!drawerOpen);
    },
    help: () => setShortcutsOpen(true),
  });

  return (
    <div className="call" data-drawer={drawerOpen ? 'open' : 'closed'}>
      <div className="call-top">
        {info ? (
          <SessionHeader info={info} heading>
            <CallWhere />
          </SessionHeader>
        ) : (
          <h1 className="visually-hidden">Live session</h1>
        )}
        <AgendaStrip received={state.agenda} />
      </div>
      <div className="call__banners">
        <ReconnectingBanner />
        <MediaProblemBanner />
        <AudioOnlyOffer />
        <CallStatus />
        {alerts ? (
          <SafetyAlertBanner alerts={alerts.alerts} onOpen={() => openTab('alerts')} />
        ) : null}
      </div>
      <div className="call__body">
        <section className="call__stage" aria-label="Video">
          <VideoGrid layout={prefs.layout} selfMinimised={prefs.selfMinimised} />
        </section>
        {drawerOpen ? (
          <CallDrawer
            tab={tab}
            onTab={setTab}
            onClose={() => setDrawerOpen(false)}
            alerts={alerts}
          />
        ) : null}
      </div>
      <ControlsBar
        view={{
          drawerOpen,
          toggleDrawer: () => setDrawerOpen(!drawerOpen),
          layout: prefs.layout,
          setLayout: (layout) => changePrefs({ layout }),
          selfMinimised: prefs.selfMinimised,
          setSelfMinimised: (selfMinimised) => changePrefs({ selfMinimised }),
          showShortcuts: () => setShortcutsOpen(true),
          // On a phone the panel starts closed: an unseen alert stays counted on its button
          // after the banner is dismissed.
          openAlerts: alerts ? openAlerts(alerts.alerts).length : 0,
        }}
      />
      {shortcutsOpen ? (
        <Suspense fallback={null}>
          <ShortcutsDialog open onOpenChange={setShortcutsOpen} />
        </Suspense>
      ) : null}
      <RemoteAudio />
    </div>
  );
}
