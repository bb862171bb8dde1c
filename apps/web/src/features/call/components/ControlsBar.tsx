import { lazy, Suspense } from 'react';
import type { StageLayout } from '../call-view-prefs';
import { panelCounts, selfOf } from '../call-state';
import { useCall } from '../hooks/useCall';
import { CallIcon } from './CallIcon';
import { drawerButtonId, drawerId } from './CallDrawer';
import { MediaToggles } from './MediaToggles';
import { ControlLabel, ToggleControl } from './ToggleControl';

/** What the bar can change about the view itself (not the call). */
export interface ViewControls {
  readonly drawerOpen: boolean;
  readonly toggleDrawer: () => void;
  readonly layout: StageLayout;
  readonly setLayout: (layout: StageLayout) => void;
  readonly selfMinimised: boolean;
  readonly setSelfMinimised: (minimised: boolean) => void;
  readonly showShortcuts: () => void;
  /** Safety alerts not yet marked as seen (therapists only; 0 for anyone else). */
  readonly openAlerts: number;
}

/**
 * The bar under the video: one's own media, share and hand on the left; the side panel and the
 * "More" menu (layout, self view, shortcuts); Leave apart on the right. Every button shows its
 * picture and a word, and keeps the same name whatever its state.
 */
const Menu = lazy(() => import('../../ui/Menu').then((m) => ({ default: m.Menu })));

const moreTrigger = (
  <>
    <CallIcon name="more" />
    <span>More</span>
  </>
);

export function ControlsBar({ view }: { view: ViewControls }) {
  const { state, call } = useCall();
  const self = selfOf(state.view);
  const { local } = state;
  const hand = self?.handPosition ?? null;
  // With the panel closed, its button carries what would otherwise be missed.
  const counts = panelCounts(state);
  const pending = counts.unread + counts.waiting + view.openAlerts;

  const menu = [
    view.layout === 'speaker'
      ? { id: 'grid', label: 'Show everyone the same size' }
      : { id: 'speaker', label: 'Show the speaker large' },
    view.selfMinimised
      ? { id: 'self-show', label: 'Show your own video in the grid' }
      : { id: 'self-minimise', label: 'Make your own video small' },
    { id: 'shortcuts', label: 'Keyboard shortcuts' },
  ];
  const onMenu = (id: string) => {
    if (id === 'grid' || id === 'speaker') view.setLayout(id);
    else if (id === 'self-show') view.setSelfMinimised(false);
    else if (id === 'self-minimise') view.setSelfMinimised(true);
    else if (id === 'shortcuts') view.showShortcuts();
  };

  return (
    <div className="call-controls" role="toolbar" aria-label="Call controls">
      <div className="call-controls__group">
        <MediaToggles inBar />
        <ToggleControl
          label="Share screen"
          short="Share"
          icon="share"
          pressed={local.screen !== null}
          disabled={state.media !== 'live' && local.screen === null}
          onToggle={() => void call.toggleScreenShare()}
        />
        <ToggleControl
          label="Raise hand"
          short="Hand"
          icon="hand"
          pressed={hand !== null}
          onToggle={() => void (hand === null ? call.raiseHand() : call.lowerHand())}
        >
          {hand !== null ? <span className="control__state">{`#${hand}`}</span> : null}
        </ToggleControl>
      </div>
      <div className="call-controls__group">
        <button
          type="button"
          id={drawerButtonId}
          className="control"
          aria-expanded={view.drawerOpen}
          aria-controls={view.drawerOpen ? drawerId : undefined}
          onClick={view.toggleDrawer}
        >
          <CallIcon name="panel" />
          <ControlLabel label="Side panel" short="Panel" />
          {!view.drawerOpen && pending > 0 ? (
            <>
              {' '}
              <span className="control__count">
                {pending} <span className="visually-hidden">new</span>
              </span>
            </>
          ) : null}
        </button>
        {/* The menu's code comes a moment after the call's (it is not needed to join); until
            then its button shows, inert. */}
        <Suspense
          fallback={
            <button type="button" className="control" aria-label="More" aria-disabled="true">
              {moreTrigger}
            </button>
          }
        >
          <Menu
            label="More"
            className="control"
            trigger={moreTrigger}
            items={menu}
            onAction={onMenu}
          />
        </Suspense>
      </div>
      <button type="button" className="control control--leave" onClick={() => void call.leave()}>
        <CallIcon name="leave" />
        <span>Leave</span>
      </button>
    </div>
  );
}
