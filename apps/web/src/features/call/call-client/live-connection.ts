import type {
  LiveAck,
  LiveRequestName,
  LiveRequestPayload,
  LiveRequestResult,
  LiveServerEvents,
} from '@hearth/contracts';

/** What happens to the signalling connection, in the terms the call client needs. */
export type ConnectionEvent =
  | { readonly type: 'connect' }
  | { readonly type: 'disconnect'; readonly reason: string; readonly willReconnect: boolean }
  | { readonly type: 'connect_error'; readonly message: string; readonly willRetry: boolean };

/**
 * One signalling connection to the live gateway: requests with acks out, server events in.
 * socket.io in the browser; a fake in tests.
 */
export interface LiveConnection {
  connect(): void;
  /** Closes for good; no events are delivered afterwards. */
  close(): void;
  emit<E extends LiveRequestName>(
    event: E,
    payload: LiveRequestPayload<E>,
    ack: (answer: LiveAck<LiveRequestResult<E>>) => void,
  ): void;
  on<E extends keyof LiveServerEvents>(event: E, listener: LiveServerEvents[E]): void;
  onConnection(listener: (event: ConnectionEvent) => void): void;
}

export interface LiveConnectionOptions {
  /** Read on every connection attempt, so a reconnect presents the newest access token. */
  readonly token: () => string | undefined;
  /**
   * The API node to connect to, when the session is hosted by another node than the one this
   * page came from (several API nodes); the page's own origin otherwise.
   */
  readonly url?: string;
  /**
   * The session this connection is for, in the socket's URL (`?session=`): a reverse proxy in
   * front of several API nodes routes every connection of a session to the same node with it.
   */
  readonly sessionId: string;
}

export type LiveConnectionFactory = (options: LiveConnectionOptions) => LiveConnection;

/** An ack with an error, or no ack in time (`timeout`). */
export class LiveRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'LiveRequestError';
  }
}

/** Sends one request and resolves with its ack, whichever it is; rejects only on a timeout. */
export function ask<E extends LiveRequestName>(
  connection: LiveConnection,
  event: E,
  payload: LiveRequestPayload<E>,
  timeoutMs: number,
): Promise<LiveAck<LiveRequestResult<E>>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new LiveRequestError('timeout', `No answer to ${event} in time`)),
      timeoutMs,
    );
    connection.emit(event, payload, (answer) => {
      clearTimeout(timer);
      resolve(answer);
    });
  });
}

/** Sends one request and resolves with the ack's data, or rejects with its error. */
export async function request<E extends LiveRequestName>(
  connection: LiveConnection,
  event: E,
  payload: LiveRequestPayload<E>,
  timeoutMs: number,
): Promise<LiveRequestResult<E>> {
  const answer = await ask(connection, event, payload, timeoutMs);
  if ('error' in answer) throw new LiveRequestError(answer.error.code, answer.error.message);
  return answer.data;
}
