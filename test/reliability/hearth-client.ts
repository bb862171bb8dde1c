import { io, type Socket } from 'socket.io-client';
import { LIVE_SOCKET_PATH, type LiveAck, type LiveRequestName } from '@hearth/contracts';
import { api, ok, type Json, type Person } from '@hearth/testing';

// Socket and set-up helpers for the reliability suite, on top of the shared HTTP helpers of
// @hearth/testing (practices and people made through the real routes, so every token is real).

// The shared helpers, so a spec of this suite imports its client from one place.
export * from '@hearth/testing';

export async function acceptConsent(base: string, client: Person): Promise<void> {
  const { version } = await ok(api(base, 'GET', '/api/consent', undefined, client.token));
  await ok(api(base, 'POST', '/api/consent/accept', { version }, client.token), 'consent');
}

/** Today's weekday and a wall time two minutes ago, in UTC: a course whose first session is on now. */
export function startingNow(): { weekday: number; localTime: string; startDate: string } {
  const start = new Date(Date.now() - 2 * 60_000);
  return {
    weekday: start.getUTCDay() === 0 ? 7 : start.getUTCDay(),
    localTime: start.toISOString().slice(11, 16),
    startDate: start.toISOString().slice(0, 10),
  };
}

/** Creates a course in UTC; returns its id and session ids in order. */
export async function createCourse(
  base: string,
  coordinator: Person,
  body: Record<string, unknown>,
): Promise<{ id: string; sessionIds: string[] }> {
  const course = await ok(
    api(
      base,
      'POST',
      '/api/courses',
      {
        title: 'Course',
        format: 'couple',
        focusAreas: ['disputes'],
        timeZone: 'UTC',
        weekday: 1,
        localTime: '10:00',
        startDate: '2031-01-06',
        ...body,
      },
      coordinator.token,
    ),
    'create course',
  );
  return { id: course.id, sessionIds: (course.sessions as { id: string }[]).map((s) => s.id) };
}

/** A signalling socket, connected (or rejected with the server's refusal). */
export function connectLive(base: string, token: string): Promise<Socket> {
  const socket = io(base, {
    path: LIVE_SOCKET_PATH,
    transports: ['websocket'],
    auth: { token },
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => reject(error));
  });
}

/** Sends one request and waits for its ack (or fails after `timeoutMs`). */
export function ask(
  socket: Socket,
  event: LiveRequestName,
  payload: unknown = {},
  timeoutMs = 10_000,
): Promise<LiveAck<Json>> {
  return socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<LiveAck<Json>>;
}

export async function askData(
  socket: Socket,
  event: LiveRequestName,
  payload: unknown = {},
): Promise<Json> {
  const answer = await ask(socket, event, payload);
  if (!('data' in answer)) throw new Error(`${event} failed: ${JSON.stringify(answer)}`);
  return answer.data;
}

/** Resolves with the next `event` whose payload passes `until`, or fails after `timeoutMs`. */
export function nextEvent(
  socket: Socket,
  event: string,
  until: (payload: Json) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<Json> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: Json) => {
      if (!until(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}
