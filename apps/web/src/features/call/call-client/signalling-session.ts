import type { LiveRequestName, LiveRequestPayload, LiveRequestResult } from '@hearth/contracts';
import type { CallStore } from './call-store';
import {
  LiveRequestError,
  request,
  type LiveConnection,
  type LiveConnectionFactory,
} from './live-connection';
import { checkedServerEvents } from './server-events';

/** A join that went through (not sent on to another node). */
export type JoinedSession = Exclude<LiveRequestResult<'session:join'>, { redirect: unknown }>;

export interface CallAuth {
  accessToken(): string | undefined;
  /** Renews the access token; false when the sign-in is over. */
  renew(): Promise<boolean>;
}

export interface SignallingDeps {
  readonly sessionId: string;
  readonly connect: LiveConnectionFactory;
  readonly auth: CallAuth;
  readonly timeoutMs: number;
  readonly store: CallStore;
  /** Subscribes the call to the server's events on a connection just opened. */
  wire(connection: LiveConnection): void;
  /** The connection is up (again), and not in the middle of following a redirect. */
  onConnected(): void;
  fail(error: unknown): void;
}

/** The signalling half of the call: one socket.io connection, its acks, and hosting redirects. */
export interface SignallingSession {
  /** The open connection, opening one when there is none. */
  open(): LiveConnection;
  /** The open connection, if any; never opens one. */
  current(): LiveConnection | null;
  send<E extends LiveRequestName>(
    event: E,
    payload: LiveRequestPayload<E>,
  ): Promise<LiveRequestResult<E>>;
  /**
   * Joins the session, following the server to the node that hosts it when there are several
   * API nodes (at most a few hops, in case hosting moves meanwhile).
   */
  join(): Promise<JoinedSession>;
  /** Closes the connection; the next request opens a new one. */
  close(): void;
  /** Forgets the hosting node, so the next connection goes through the page's own address. */
  forgetNode(): void;
}

const joinedPhase = (store: CallStore) => {
  const phase = store.phase();
  return phase === 'waiting' || phase === 'in-call';
};

export function createSignallingSession(deps: SignallingDeps): SignallingSession {
  const { store } = deps;
  let connection: LiveConnection | null = null;
  let renewingToken = false;
  let serverClosedRetries = 0;
  // With several API nodes: the node hosting the session, when it is not the page's own.
  let nodeUrl: string | undefined;
  // A join is following a redirect: the new connection must not join again by itself.
  let redirecting = false;

  function open(): LiveConnection {
    if (connection) return connection;
    const opened = checkedServerEvents(
      deps.connect({
        token: () => deps.auth.accessToken(),
        sessionId: deps.sessionId,
        ...(nodeUrl ? { url: nodeUrl } : {}),
      }),
    );
    connection = opened;
    opened.onConnection((event) => {
      if (connection !== opened) return;
      if (event.type === 'connect') onConnected();
      else if (event.type === 'disconnect') onDisconnected(event.reason, event.willReconnect);
      else void onConnectError(event.message, event.willRetry);
    });
    deps.wire(opened);
    store.set({ connection: 'connecting' });
    opened.connect();
    return opened;
  }

  function close() {
    const closing = connection;
    connection = null;
    closing?.close();
  }

  function onConnected() {
    serverClosedRetries = 0;
    store.set({ connection: 'connected' });
    if (!redirecting) deps.onConnected();
  }

  function onDisconnected(reason: string, willReconnect: boolean) {
    const phase = store.phase();
    if (phase === 'ended' || phase === 'failed') return;
    const joinedNow = joinedPhase(store);
    if (nodeUrl !== undefined && joinedNow) {
      // The node hosting the session may be gone: come back through the page's own address,
      // which sends us on to whichever node hosts the session now.
      nodeUrl = undefined;
      close();
      store.set({ connection: 'reconnecting' });
      store.announce('Connection lost. Reconnecting…');
      open();
      return;
    }
    if (!willReconnect && reason === 'io server disconnect' && serverClosedRetries < 1) {
      // The server closed without saying why (session:removed/denied come first when it
      // does): try once more, and a join that fails then says why.
      serverClosedRetries += 1;
      store.set({ connection: joinedNow ? 'reconnecting' : 'connecting' });
      connection?.connect();
      return;
    }
    store.set({
      connection: willReconnect ? (joinedNow ? 'reconnecting' : 'connecting') : 'closed',
    });
    if (joinedNow && willReconnect) store.announce('Connection lost. Reconnecting…');
  }

  async function onConnectError(message: string, willRetry: boolean) {
    if (message === 'unauthenticated') {
      // The access token ran out: renew it through the session and try again.
      if (renewingToken) return;
      renewingToken = true;
      const renewed = await deps.auth.renew().finally(() => {
        renewingToken = false;
      });
      if (renewed) {
        connection?.connect();
      } else {
        deps.fail(new LiveRequestError('unauthenticated', 'Your sign-in has expired'));
      }
      return;
    }
    if (!willRetry) {
      store.set({ connection: 'closed' });
      if (store.phase() === 'joining') {
        deps.fail(
          new LiveRequestError('unreachable', 'Hearth could not reach the session server.'),
        );
      }
    }
  }

  const send = <E extends LiveRequestName>(
    event: E,
    payload: LiveRequestPayload<E>,
  ): Promise<LiveRequestResult<E>> => request(open(), event, payload, deps.timeoutMs);

  async function join(): Promise<JoinedSession> {
    try {
      for (let hop = 0; hop < 3; hop += 1) {
        const result = await send('session:join', { sessionId: deps.sessionId });
        if (!('redirect' in result)) return result;
        redirecting = true;
        nodeUrl = result.redirect.url;
        close();
      }
    } finally {
      redirecting = false;
    }
    throw new LiveRequestError('unavailable', 'The session server kept moving; try again.');
  }

  return {
    open,
    current: () => connection,
    send,
    join,
    close,
    forgetNode() {
      nodeUrl = undefined;
    },
  };
}
