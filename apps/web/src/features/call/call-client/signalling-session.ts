import type { LiveRequestName, LiveRequestPayload, LiveRequestResult } from '@hearth/contracts';
import type { CallStore } from './call-store';
import {
  LiveRequestError,
  request,
  type LiveConnection,
  type LiveConnectionFactory,
} from './live-connection';
import { checkedServerEvents } from './server-events';

type JoinAnswer = LiveRequestResult<'session:join'>;

/** A join that went through (not sent on to another node, nor told to wait). */
export type JoinedSession = Exclude<JoinAnswer, { redirect: unknown } | { retry: unknown }>;

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
  /**
   * How long a join keeps trying while the session is between nodes (its node crashed and
   * another takes it over once the lease lapses) or the node it was sent to does not answer.
   */
  readonly joinPatienceMs?: number;
  /** Waits before joining again after a node did not answer (ms); the last repeats. */
  readonly unreachableRetryMs?: readonly number[];
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
   * API nodes (at most a few hops in a row, in case hosting moves meanwhile). While the session
   * is between nodes the server says when to ask again (on a new connection), and a node sent
   * to that does not answer is given up for the page's own address; both are tried again for
   * `joinPatienceMs`.
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
  // A join is under way and opens its own connections: a new one must not join again by itself.
  let redirecting = false;
  // Following a redirect: called when the node sent to cannot be connected to.
  let unreachable: (() => void) | null = null;
  const patienceMs = deps.joinPatienceMs ?? 45_000;
  const unreachableRetryMs = deps.unreachableRetryMs ?? [250, 500, 1000, 2000];

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
    if (unreachable) {
      // The node the session was sent to is not answering (it may have just crashed).
      unreachable();
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

  /** One join request; 'unreachable' when it was sent to a redirect's node that does not answer. */
  async function joinOnce(): Promise<JoinAnswer | 'unreachable'> {
    const sent = send('session:join', { sessionId: deps.sessionId });
    if (nodeUrl === undefined) return sent;
    try {
      return await new Promise<JoinAnswer | 'unreachable'>((resolve, reject) => {
        unreachable = () => resolve('unreachable');
        sent.then(resolve, reject);
      });
    } catch (error) {
      if (error instanceof LiveRequestError && error.code === 'timeout') return 'unreachable';
      throw error;
    } finally {
      unreachable = null;
      sent.catch(() => undefined);
    }
  }

  async function join(): Promise<JoinedSession> {
    const giveUpAt = Date.now() + patienceMs;
    let hops = 0;
    let unanswered = 0;
    redirecting = true;
    try {
      for (;;) {
        const answer = await joinOnce();
        if (answer !== 'unreachable' && !('redirect' in answer) && !('retry' in answer)) {
          if (store.state.connection === 'reconnecting') store.set({ connection: 'connected' });
          return answer;
        }
        let waitMs = 0;
        if (answer === 'unreachable') {
          // Back through the page's own address, which leads to whichever node hosts it now.
          nodeUrl = undefined;
          close();
          waitMs = unreachableRetryMs[Math.min(unanswered, unreachableRetryMs.length - 1)] ?? 0;
          unanswered += 1;
          hops = 0;
        } else if ('retry' in answer) {
          // Asked again on a new connection through the page's own address: a proxy in front of
          // several nodes then sends it wherever the session is hosted by then. A little
          // randomness, so that everyone of a session does not ask at the same instant.
          nodeUrl = undefined;
          close();
          waitMs = answer.retry.afterMs + Math.random() * 250;
          hops = 0;
        } else {
          hops += 1;
          if (hops >= 3) {
            throw new LiveRequestError('unavailable', 'The session server kept moving; try again.');
          }
          nodeUrl = answer.redirect.url;
          close();
        }
        if (Date.now() + waitMs > giveUpAt) {
          throw new LiveRequestError(
            'unavailable',
            'The session server is not answering; try again in a moment.',
          );
        }
        if (waitMs > 0) {
          if (joinedPhase(store)) store.set({ connection: 'reconnecting' });
          await new Promise((resolve) => setTimeout(resolve, waitMs));
          if (store.phase() === 'ended') {
            throw new LiveRequestError('ended', 'The call has ended.');
          }
        }
      }
    } finally {
      redirecting = false;
    }
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
