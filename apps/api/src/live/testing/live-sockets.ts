import {
  LIVE_SOCKET_PATH,
  clinicalRoutes,
  schedulingRoutes,
  type LiveAck,
  type LiveRequestName,
  type LiveServerEventName,
} from '@hearth/contracts';
import { checkServerEvents, type ServerEventCheck } from '@hearth/testing';
import { io, type Socket } from 'socket.io-client';
import {
  courseBody,
  type Actor,
  type Json,
  type SchedulingHarness,
} from '../../testing/scheduling-harness';

// The live socket as the integration tests use it: real socket.io clients against the running
// API, each of whose received events is parsed against the wire contract.

/** The sockets a test file opens, and what they received. */
export class LiveSockets {
  readonly #open: Socket[] = [];
  readonly #checks: ServerEventCheck[] = [];
  /** Names of every event the server sent to any of them. */
  readonly eventsSeen = new Set<string>();

  constructor(readonly baseUrl: () => string) {}

  connect(token: string | undefined, origin?: string): Promise<Socket> {
    const socket = io(this.baseUrl(), {
      path: LIVE_SOCKET_PATH,
      transports: ['websocket'],
      auth: token === undefined ? {} : { token },
      reconnection: false,
      forceNew: true,
      ...(origin ? { extraHeaders: { origin } } : {}),
    });
    this.#open.push(socket);
    this.#checks.push(checkServerEvents(socket));
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (error) => reject(error));
    });
  }

  /**
   * Disconnects the sockets opened since the last call; answers the events among what they
   * received that broke the contract (one line each, empty when all matched).
   */
  closeAll(): string[] {
    for (const socket of this.#open.splice(0)) socket.disconnect();
    const done = this.#checks.splice(0);
    for (const event of done.flatMap((check) => check.received)) this.eventsSeen.add(event);
    return done.flatMap((check) => check.mismatches);
  }
}

export function request(socket: Socket, event: LiveRequestName, payload: unknown = {}) {
  return new Promise<Json>((resolve) => {
    socket.emit(event, payload, (answer: LiveAck<unknown>) => resolve(answer));
  });
}

/** The ack's data; throws on an error. */
export async function data(socket: Socket, event: LiveRequestName, payload: unknown = {}) {
  const answer = await request(socket, event, payload);
  if (!('data' in answer)) throw new Error(`${event} failed: ${JSON.stringify(answer)}`);
  return answer.data as Json;
}

/** The next `event` the socket receives for which `until` holds, within 5 s. */
export function next(
  socket: Socket,
  event: LiveServerEventName,
  until: (payload: Json) => boolean = () => true,
): Promise<Json> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within 5 s`)), 5_000);
    const listener = (payload: Json) => {
      if (!until(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    socket.on(event, listener as never);
  });
}

/** A course whose first session started five minutes ago (its second is next week). */
export async function courseStartingNow(
  h: SchedulingHarness,
  coordinator: Actor,
  body: Parameters<typeof courseBody>[0],
) {
  const course = await coordinator.call(schedulingRoutes.createCourse, {
    body: courseBody({ startDate: '2031-01-06', ...body }),
  });
  const [first, second] = course.sessions;
  await h.db.query(
    `UPDATE session SET starts_at = now() - interval '5 minutes', ends_at = now() + interval '45 minutes'
      WHERE id = $1`,
    [first!.id],
  );
  return { courseId: course.id, first: first!.id, second: second!.id };
}

export async function acceptConsent(client: Actor) {
  const { version } = await client.call(clinicalRoutes.getConsent);
  await client.call(clinicalRoutes.acceptConsent, { body: { version } });
}
