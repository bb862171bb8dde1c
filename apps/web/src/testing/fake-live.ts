import {
  liveRequests,
  parseLiveServerEvent,
  wireProblems,
  type LiveAck,
  type LiveRequestName,
  type LiveRequestPayload,
  type LiveServerEventName,
  type LiveServerEventPayload,
  type LiveServerEvents,
} from '@hearth/contracts';
import type { z } from 'zod';
import type {
  ConnectionEvent,
  LiveConnection,
  LiveConnectionOptions,
} from '../features/call/call-client/live-connection';

// A signalling connection that answers like the live gateway, driven by the test.

export interface Emitted {
  readonly event: LiveRequestName;
  readonly payload: Record<string, unknown>;
}

type Handler = (payload: Record<string, unknown>) => LiveAck<unknown> | 'no-answer';

/** The gateway's answers when a test gives none; every request succeeds. */
function defaultHandlers(): Partial<Record<LiveRequestName, Handler>> {
  let transports = 0;
  let producers = 0;
  let messages = 0;
  return {
    'session:ping': () => ({ data: { serverTime: new Date().toISOString() } }),
    'media:capabilities': () => ({ data: { rtpCapabilities: { codecs: [] } } }),
    'media:transport:create': (p) => {
      transports += 1;
      return {
        data: {
          id: `${String(p['direction'])}-transport-${transports}`,
          iceParameters: {},
          iceCandidates: [],
          dtlsParameters: {},
        },
      };
    },
    'media:produce': () => {
      producers += 1;
      return { data: { producerId: `producer-${producers}` } };
    },
    'media:transport:restart-ice': () => ({ data: { iceParameters: { usernameFragment: 'new' } } }),
    'media:audio-only': (p) => ({ data: { audioOnly: p['enabled'] === true } }),
    'lobby:admit-all': () => ({ data: { admitted: 1 } }),
    'moderation:mute-all': () => ({ data: { muted: 1 } }),
    'chat:send': () => {
      messages += 1;
      return { data: { id: `sent-${messages}` } };
    },
  };
}

/** What a fake sent or was sent against the wire contract, until the test's end takes it. */
const contractBreaks: string[] = [];

/** The contract breaks since the last call: the test set-up fails a test that had any. */
export function takeContractBreaks(): string[] {
  return contractBreaks.splice(0);
}

/** Where `value` fails `schema`: paths and issue codes. */
function problemsOf(schema: z.ZodType, value: unknown): readonly string[] {
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : wireProblems(parsed.error);
}

/** Whether an ack's data is what the contract says the request answers. */
function answerProblems(event: LiveRequestName, answer: LiveAck<unknown>): readonly string[] {
  return 'data' in answer ? problemsOf(liveRequests[event].result, answer.data) : [];
}

/** A signalling connection that answers like the live gateway, driven by the test. */
export class FakeLive implements LiveConnection {
  readonly emitted: Emitted[] = [];
  readonly tokens: Array<string | undefined> = [];
  readonly handlers: Partial<Record<LiveRequestName, Handler>> = defaultHandlers();
  /** Messages of connect_error to give on the next connection attempts, in order. */
  readonly refuseNext: string[] = [];
  closed = false;
  private readonly listeners = new Map<string, Array<(payload: never) => void>>();
  private readonly statusListeners: Array<(event: ConnectionEvent) => void> = [];

  constructor(readonly options: LiveConnectionOptions) {}

  /** Answers `event` with this data (or a function of the payload) from now on. */
  answer<E extends LiveRequestName>(
    event: E,
    reply: LiveAck<unknown> | ((payload: LiveRequestPayload<E>) => LiveAck<unknown>),
  ): void {
    if (typeof reply !== 'function') {
      const problems = answerProblems(event, reply);
      if (problems.length > 0) {
        throw new Error(`The contract refuses this answer to ${event}: ${problems.join('; ')}`);
      }
    }
    this.handlers[event] = (payload) =>
      typeof reply === 'function' ? reply(payload as LiveRequestPayload<E>) : reply;
  }

  refuse(event: LiveRequestName, code: string, message: string): void {
    this.handlers[event] = () => ({ error: { code, message } });
  }

  connect(): void {
    this.tokens.push(this.options.token());
    const refusal = this.refuseNext.shift();
    queueMicrotask(() => {
      if (this.closed) return;
      this.status(
        refusal
          ? { type: 'connect_error', message: refusal, willRetry: false }
          : { type: 'connect' },
      );
    });
  }

  close(): void {
    this.closed = true;
  }

  emit<E extends LiveRequestName>(
    event: E,
    payload: LiveRequestPayload<E>,
    ack: (answer: never) => void,
  ): void {
    const record = payload as Record<string, unknown>;
    this.emitted.push({ event, payload: record });
    // Like the gateway, a request the contract refuses is answered with validation_failed; the
    // client should never send one, so the test fails too.
    const refused = problemsOf(liveRequests[event].payload, payload);
    if (refused.length > 0) {
      contractBreaks.push(`the client sent a ${event} the contract refuses: ${refused.join('; ')}`);
      queueMicrotask(() =>
        ack({ error: { code: 'validation_failed', message: 'Invalid' } } as never),
      );
      return;
    }
    const handler = this.handlers[event];
    const answer = handler ? handler(record) : { data: {} };
    if (answer === 'no-answer') return;
    const problems = answerProblems(event, answer);
    if (problems.length > 0) {
      contractBreaks.push(
        `the fake answered ${event} against the contract: ${problems.join('; ')}`,
      );
    }
    // Acks arrive later, as over a network.
    queueMicrotask(() => ack(answer as never));
  }

  on<E extends keyof LiveServerEvents>(event: E, listener: LiveServerEvents[E]): void {
    const list = this.listeners.get(event) ?? [];
    list.push(listener as (payload: never) => void);
    this.listeners.set(event, list);
  }

  onConnection(listener: (event: ConnectionEvent) => void): void {
    this.statusListeners.push(listener);
  }

  /**
   * The server sends an event. Like the real server's, it must match the wire contract: one
   * that does not throws here, so a fake that drifts from the contract fails its test.
   */
  server<E extends LiveServerEventName>(event: E, payload: LiveServerEventPayload<E>): void {
    const parsed = parseLiveServerEvent(event, payload);
    if (!parsed.ok) {
      throw new Error(
        `The fake sent a ${event} the contract refuses: ${parsed.problems.join('; ')}`,
      );
    }
    this.deliver(event, payload);
  }

  /** Something arrives that the contract does not allow (a broken server or proxy). */
  serverMalformed(event: LiveServerEventName, payload: unknown): void {
    this.deliver(event, payload);
  }

  private deliver(event: string, payload: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) listener(payload as never);
  }

  /** The network drops; socket.io will reconnect by itself. */
  drop(reason = 'transport close'): void {
    this.status({ type: 'disconnect', reason, willReconnect: true });
  }

  /** socket.io reconnected. */
  restore(): void {
    this.tokens.push(this.options.token());
    this.status({ type: 'connect' });
  }

  status(event: ConnectionEvent): void {
    for (const listener of this.statusListeners) listener(event);
  }

  /** The requests sent, by event name. */
  sent(event: LiveRequestName): Array<Record<string, unknown>> {
    return this.emitted.filter((e) => e.event === event).map((e) => e.payload);
  }

  names(): LiveRequestName[] {
    return this.emitted.map((e) => e.event);
  }
}
