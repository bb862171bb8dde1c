import type { AccessEnded, AccessStateService } from './access-state.service';
import type { Principal } from './token-service';

/** What closing a live connection needs of a socket.io socket. */
interface LiveSocketLike {
  readonly data: { principal?: Principal };
  disconnect(close: boolean): unknown;
}

/** What it needs of the socket.io server: this node's connected sockets. */
interface LiveServerLike {
  readonly sockets: { readonly sockets: ReadonlyMap<string, LiveSocketLike> };
}

/** How often every open socket's sign-in is checked again, should a notification be missed. */
const recheckMs = 15_000;

function concerns(socket: LiveSocketLike, event: AccessEnded): boolean {
  const principal = socket.data.principal;
  if (!principal || principal.personId !== event.personId) return false;
  return !event.sessionId || principal.sessionId === event.sessionId;
}

/**
 * Closes a person's live connections on this node the moment their access ends — signed out
 * (that device, or everywhere), password changed or reset, roles changed, erased, or their place
 * on a roster lost — and, as a safety net, re-checks every open connection's sign-in every few
 * seconds. A closed client that may still take part connects again with a fresh token; one that
 * may not is refused at the door. Returns a function that stops it.
 */
export function closeSocketsWhenAccessEnds(
  server: LiveServerLike,
  access: AccessStateService,
): () => void {
  const stop = access.onEnded((event) => {
    for (const socket of server.sockets.sockets.values()) {
      if (concerns(socket, event)) socket.disconnect(true);
    }
  });
  const timer = setInterval(() => {
    for (const socket of server.sockets.sockets.values()) {
      const principal = socket.data.principal;
      if (!principal) continue;
      access.assertLive(principal).catch(() => socket.disconnect(true));
    }
  }, recheckMs);
  timer.unref();
  return () => {
    stop();
    clearInterval(timer);
  };
}
