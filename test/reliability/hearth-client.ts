import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { LIVE_SOCKET_PATH, type LiveAck, type LiveRequestName } from '@hearth/contracts';

// Plain HTTP and socket helpers for the reliability suite: practices and people are made through
// the real routes (sign-up, invitation, acceptance) of a running server, so every token is real.

// Test bodies are arbitrary JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Reply {
  readonly status: number;
  readonly body: Json;
  readonly text: string;
}

export const password = 'quiet harbour lantern';

let addressCounter = 0;
/**
 * Sign-up, sign-in and acceptance are rate-limited per client address; with TRUST_PROXY=true each
 * such call comes from an address of its own.
 */
export function nextAddress(): string {
  addressCounter += 1;
  return `10.${(addressCounter >> 16) & 255}.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;
}

export async function api(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: Json = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed, text };
}

/** The body of a successful call; anything else throws with the status and body. */
export async function ok(reply: Promise<Reply>, what = 'request'): Promise<Json> {
  const { status, body } = await reply;
  if (status >= 300) throw new Error(`${what}: ${status} ${JSON.stringify(body)}`);
  return body;
}

export interface Person {
  readonly personId: string;
  readonly practiceId: string;
  readonly displayName: string;
  readonly email: string;
  readonly token: string;
  readonly refreshCookie?: string;
}

export interface Practice {
  readonly name: string;
  readonly coordinator: Person;
  person(displayName: string, roles: ('therapist' | 'client' | 'coordinator')[]): Promise<Person>;
}

function personOf(tokens: Json, email: string, refreshCookie?: string): Person {
  return {
    personId: tokens.person.id,
    practiceId: tokens.person.practiceId,
    displayName: tokens.person.displayName,
    email,
    token: tokens.accessToken,
    ...(refreshCookie ? { refreshCookie } : {}),
  };
}

/** Signs a practice up and returns a way to invite people into it. */
export async function signUpPractice(
  base: string,
  name: string,
  coordinatorName: string,
): Promise<Practice> {
  const tag = randomBytes(4).toString('hex');
  const slug = name.toLowerCase().replace(/[^a-z]+/g, '');
  const email = `coordinator.${tag}@${slug}.example`;
  const signUp = await ok(
    api(
      base,
      'POST',
      '/api/auth/sign-up',
      { practiceName: name, displayName: coordinatorName, email, password, timeZone: 'UTC' },
      undefined,
      { 'x-forwarded-for': nextAddress() },
    ),
    'sign-up',
  );
  const coordinator = personOf(signUp, email);
  let n = 0;
  return {
    name,
    coordinator,
    async person(displayName, roles) {
      n += 1;
      const personEmail = `person${n}.${tag}@${slug}.example`;
      const { acceptPath } = await ok(
        api(
          base,
          'POST',
          '/api/invitations',
          { email: personEmail, displayName, roles },
          coordinator.token,
        ),
        'invite',
      );
      const accepted = await ok(
        api(base, 'POST', `/api${acceptPath}/accept`, { password, timeZone: 'UTC' }, undefined, {
          'x-forwarded-for': nextAddress(),
        }),
        'accept invitation',
      );
      return personOf(accepted, personEmail);
    },
  };
}

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
