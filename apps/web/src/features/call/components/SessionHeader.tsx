import type { LiveSessionInfo } from '@hearth/contracts';
import type { ReactNode } from 'react';
import { useSession } from '../../auth/hooks/useSession';
import { useNow } from '../../sessions/hooks/useNow';
import { serverClockOffsetMs } from '../call-state';
import { useCall } from '../hooks/useCall';
import { sessionTimeLeft, sessionTimes, sessionTitle } from '../session-header';

/** The browser's zone, for the rare page shown before the person's own zone is known. */
function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * Which session this is and its planned times on the viewer's clock, with the time left. The
 * time left is counted on the server's clock (a device's clock may be minutes off), ticking
 * every few seconds.
 * In the call the title is the page's heading; in the waiting room it sits under "Waiting room".
 */
export function SessionHeader({
  info,
  heading = false,
  children,
}: {
  info: LiveSessionInfo;
  /** Make the title the page's h1. */
  heading?: boolean;
  /** More of the second line, such as which room one is in. */
  children?: ReactNode;
}) {
  const { person } = useSession();
  const { state } = useCall();
  const now = useNow(5_000).getTime() + serverClockOffsetMs(state);
  const timeZone = person?.timeZone ?? browserTimeZone();
  const title = sessionTitle(info);
  return (
    <header className="session-header">
      {heading ? (
        <h1 className="session-header__title">{title}</h1>
      ) : (
        <p className="session-header__title">{title}</p>
      )}
      <p className="session-header__when">
        <span>{sessionTimes(info, timeZone)}</span>
        <span data-testid="session-time-left">{sessionTimeLeft(info, now)}</span>
        {children}
      </p>
    </header>
  );
}
