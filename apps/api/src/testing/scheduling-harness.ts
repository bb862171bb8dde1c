import {
  ApiError,
  createApiClient,
  identityRoutes,
  type CourseCreateBody,
  type RouteContract,
  type RouteInput,
  type RouteOutput,
  type SessionTokens,
} from '@hearth/contracts';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from './test-app';

// Shared set-up for the scheduling integration tests: practices and people are made through the
// real identity routes (sign-up, invitation, acceptance), so every token is a real one.

const password = 'a long enough passphrase';
let addressCounter = 0;
let emailCounter = 0;

// Sign-up and acceptance are rate-limited per client address; each call comes from its own
// (forwarded) address so a file can make as many people as it needs.
const nextAddress = () => {
  addressCounter += 1;
  return `10.${(addressCounter >> 16) & 255}.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;
};

// Assertions walk arbitrary JSON bodies.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Reply {
  readonly status: number;
  readonly body: Json;
  readonly headers: Headers;
}

/** A signed-in person and ways to call the API as them. */
export interface Actor {
  readonly personId: string;
  readonly practiceId: string;
  readonly displayName: string;
  readonly token: string;
  /** Typed call through the contract client; throws ApiError on failure. */
  call<R extends RouteContract>(route: R, input?: RouteInput<R>): Promise<RouteOutput<R>>;
  /** Raw HTTP, for asserting statuses and error bodies. */
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Reply>;
}

export interface Practice {
  readonly coordinator: Actor;
  /** Invites someone into the practice and accepts the invitation as them. */
  person(displayName: string, roles: ('therapist' | 'client' | 'coordinator')[]): Promise<Actor>;
}

export interface SchedulingHarness {
  readonly t: TestApp;
  readonly db: DataSource;
  practice(name?: string): Promise<Practice>;
  close(): Promise<void>;
}

export async function startSchedulingApp(
  env: Record<string, string> = {},
): Promise<SchedulingHarness> {
  const t = await startTestApp({ env: { TRUST_PROXY: 'true', ...env } });
  const db = t.app.get(DataSource);

  const raw = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> => {
    const res = await fetch(`${t.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  };

  const actorOf = (tokens: SessionTokens): Actor => {
    const auth = { authorization: `Bearer ${tokens.accessToken}` };
    const client = createApiClient({ baseUrl: t.baseUrl, headers: () => auth });
    return {
      personId: tokens.person.id,
      practiceId: tokens.person.practiceId,
      displayName: tokens.person.displayName,
      token: tokens.accessToken,
      call: (route, input) => client.call(route, input),
      request: (method, path, body, headers = {}) =>
        raw(method, path, body, { ...auth, ...headers }),
    };
  };

  return {
    t,
    db,
    async practice(name = 'Northside IPT') {
      emailCounter += 1;
      const signUp = await raw(
        'POST',
        '/api/auth/sign-up',
        {
          practiceName: name,
          displayName: `Coordinator ${emailCounter}`,
          email: `coordinator${emailCounter}@example.org`,
          password,
          timeZone: 'Europe/London',
        },
        { 'x-forwarded-for': nextAddress() },
      );
      if (signUp.status !== 201) throw new Error(`sign-up failed: ${JSON.stringify(signUp.body)}`);
      const coordinator = actorOf(signUp.body as SessionTokens);
      return {
        coordinator,
        async person(displayName, roles) {
          emailCounter += 1;
          const { acceptPath } = await coordinator.call(identityRoutes.invite, {
            body: { email: `person${emailCounter}@example.org`, displayName, roles },
          });
          const token = acceptPath.split('/').pop()!;
          const accepted = await raw(
            'POST',
            `/api/invitations/${token}/accept`,
            { password, timeZone: 'Europe/London' },
            { 'x-forwarded-for': nextAddress() },
          );
          if (accepted.status !== 201) {
            throw new Error(`accept failed: ${JSON.stringify(accepted.body)}`);
          }
          return actorOf(accepted.body as SessionTokens);
        },
      };
    },
    close: () => t.close(),
  };
}

/** A course body with sensible defaults: a 12-session couple course on Mondays at 10:00 London. */
export function courseBody(overrides: Partial<CourseCreateBody> & { therapistId: string }) {
  return {
    title: 'Course',
    format: 'couple',
    focusAreas: ['disputes'],
    timeZone: 'Europe/London',
    weekday: 1,
    localTime: '10:00',
    startDate: '2027-01-04',
    ...overrides,
  } satisfies CourseCreateBody;
}

/** The status and error of a typed call that is expected to fail. */
export async function failure(call: Promise<unknown>): Promise<ApiError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** Counts rows of a scheduling table, optionally filtered by a SQL condition. */
export async function count(
  db: DataSource,
  table: string,
  where = 'true',
  params: unknown[] = [],
): Promise<number> {
  const [row] = await db.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
  return (row as { n: number }).n;
}
