import type { ClinicalAlert } from '@hearth/contracts';
import type { ReactNode } from 'react';
import { SessionAlertsSection } from '../../clinical/components/SessionAlertsPanel';
import { IconButton } from '../../ui/IconButton';
import { Tabs, type TabItem } from '../../ui/Tabs';
import { isTherapist, panelCounts } from '../call-state';
import { useCall } from '../hooks/useCall';
import { AgendaSidebar } from './AgendaSidebar';
import { BreakoutControls } from './BreakoutControls';
import { CallIcon } from './CallIcon';
import { ChatPanel } from './ChatPanel';
import { ConnectionDetails } from './ConnectionDetails';
import { ParticipantsPanel } from './ParticipantsPanel';
import { openAlerts } from './SafetyAlertBanner';

export type DrawerTab = 'agenda' | 'chat' | 'people' | 'rooms' | 'alerts' | 'devices';

export const drawerId = 'call-drawer';
/** The controls' "Side panel" button, where focus goes back when the drawer is closed from inside. */
export const drawerButtonId = 'call-drawer-button';

/** The therapists' session alerts, with the way to refresh them after one is marked as seen. */
export interface CallAlerts {
  readonly alerts: readonly ClinicalAlert[];
  readonly reload: () => void;
}

/**
 * The one side drawer of the call, in tabs: the agenda, the chat, the people, and for therapists
 * the breakout rooms and the safety alerts; one's devices and connection last. A tab's name carries
 * its count ("Chat 2 new"), read and shown.
 */
export function CallDrawer({
  tab,
  onTab,
  onClose,
  alerts,
}: {
  tab: DrawerTab;
  onTab: (tab: DrawerTab) => void;
  /** Closes the drawer; focus then goes back to the button that opens it. */
  onClose: () => void;
  /** Null for anyone but the session's therapists. */
  alerts: CallAlerts | null;
}) {
  const { state } = useCall();
  const therapist = isTherapist(state.view);
  const { unread, waiting } = panelCounts(state);
  const items: TabItem[] = [
    { id: 'agenda', title: 'Agenda', content: <AgendaSidebar /> },
    {
      id: 'chat',
      title: <TabTitle label="Chat" count={unread} rest="new" />,
      content: <ChatPanel />,
    },
    {
      id: 'people',
      title: <TabTitle label="People" count={waiting} rest="waiting" />,
      content: <ParticipantsPanel />,
    },
  ];
  if (therapist) items.push({ id: 'rooms', title: 'Rooms', content: <BreakoutControls /> });
  if (alerts) {
    items.push({
      id: 'alerts',
      title: <TabTitle label="Alerts" count={openAlerts(alerts.alerts).length} rest="new" />,
      content: <SessionAlertsSection alerts={alerts.alerts} onChanged={alerts.reload} inCall />,
    });
  }
  items.push({ id: 'devices', title: 'Devices', content: <ConnectionDetails /> });
  const selected = items.some((item) => item.id === tab) ? tab : 'agenda';
  return (
    <div id={drawerId} className="call-drawer">
      <IconButton
        className="call-drawer__close"
        label="Close side panel"
        icon={<CallIcon name="close" />}
        onPress={() => {
          onClose();
          document.getElementById(drawerButtonId)?.focus();
        }}
      />
      <Tabs
        label="Side panel"
        items={items}
        selected={selected}
        onSelect={(id) => onTab(id as DrawerTab)}
      />
    </div>
  );
}

/** "Chat", then a count badge whose words after the number are read but not seen. */
function TabTitle({
  label,
  count,
  rest,
}: {
  label: string;
  count: number;
  rest: string;
}): ReactNode {
  if (count <= 0) return label;
  return (
    <>
      {label}{' '}
      <span className="tab-count">
        {count} <span className="visually-hidden">{rest}</span>
      </span>
    </>
  );
}
