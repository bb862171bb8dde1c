import type { RefreshLock, SessionBroadcast, SessionMessage } from './session-store';

const lockName = 'hearth-session-refresh';
const channelName = 'hearth-session';

/** A lock shared by every tab of this site (Web Locks); without it, refreshes simply run. */
export function browserRefreshLock(): RefreshLock {
  const locks = globalThis.navigator?.locks;
  if (!locks) return (task) => task();
  return (task) => locks.request(lockName, task);
}

function isSessionMessage(value: unknown): value is SessionMessage {
  return value === 'signed-in' || value === 'signed-out';
}

/** Tells this site's other tabs about signing in and out, where the browser allows it. */
export function browserSessionBroadcast(): SessionBroadcast | undefined {
  if (typeof BroadcastChannel === 'undefined') return undefined;
  const channel = new BroadcastChannel(channelName);
  return {
    post: (message) => channel.postMessage(message),
    listen(onMessage) {
      const handler = (event: MessageEvent) => {
        if (isSessionMessage(event.data)) onMessage(event.data);
      };
      channel.addEventListener('message', handler);
      return () => channel.removeEventListener('message', handler);
    },
  };
}

/** Whether the server left its readable session hint: a refresh cookie may be there to renew. */
export function browserMayHaveSession(): boolean {
  return document.cookie.split(';').some((part) => part.trim().startsWith('hearth_session='));
}
