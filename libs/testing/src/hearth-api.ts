import { randomBytes } from 'node:crypto';
import {
  createApiClient,
  identityRoutes,
  type CallOptions,
  type RouteContract,
  type RouteInput,
  type RouteOutput,
  type SessionTokens,
} from '@hearth/contracts';
import type { CapturedMail, TestSmtpServer } from './smtp-server';

// The one way tests reach a running Hearth over HTTP: practices and people are made through the
// real routes (sign-up confirmed from its email, invitation, acceptance), so every token is real, and each person calls
// the API through the typed contract client (responses parsed against their contracts). `api`
// is the raw form, for the tests that send what no client would or assert statuses and bodies.

// Test bodies are arbitrary JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Reply {
  readonly status: number;
  readonly body: Json;
  readonly text: string;
  readonly headers: Headers;
}

export const password = 'a long enough passphrase';

let addressCounter = 0;
/**
 * Sign-up, sign-in and acceptance are rate-limited per client address; with TRUST_PROXY=true each
 * such call comes from an address of its own.
 */
export function nextAddress(): string {
  addressCounter += 1;
  return `10.${(addressCounter >> 16) & 255}.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;
}

/** One raw HTTP call; the reply whatever its status. */
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
    // A string is sent as it is (a malformed body); anything else as JSON.
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: Json = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed, text, headers: response.headers };
}

/** The body of a successful call; anything else throws with the status and body. */
export async function ok(reply: Promise<Reply>, what = 'request'): Promise<Json> {
  const { status, body } = await reply;
  if (status >= 300) throw new Error(`${what}: ${status} ${JSON.stringify(body)}`);
  return body;
}

/** A signed-in person and ways to call the API as them. */
export interface Person {
  readonly personId: string;
  readonly practiceId: string;
  readonly displayName: string;
  readonly email: string;
  readonly token: string;
  /** Typed call through the contract client; throws ApiError on failure. */
  call<R extends RouteContract>(
    route: R,
    input?: RouteInput<R>,
    options?: CallOptions,
  ): Promise<RouteOutput<R>>;
  /** Raw HTTP as this person, for asserting statuses and error bodies. */
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Reply>;
}

export interface Practice {
  readonly name: string;
  readonly coordinator: Person;
  /** Invites someone into the practice and accepts the invitation as them. */
  person(displayName: string, roles: ('therapist' | 'client' | 'coordinator')[]): Promise<Person>;
}

function personOf(base: string, tokens: SessionTokens): Person {
  const auth = { authorization: `Bearer ${tokens.accessToken}` };
  const client = createApiClient({ baseUrl: base, headers: () => auth });
  return {
    personId: tokens.person.id,
    practiceId: tokens.person.practiceId,
    displayName: tokens.person.displayName,
    email: tokens.person.email,
    token: tokens.accessToken,
    call: (route, input, options) => client.call(route, input, options),
    request: (method, path, body, headers = {}) =>
      api(base, method, path, body, tokens.accessToken, headers),
  };
}

/** What a coordinator types into the sign-up form. */
export interface SignUpBody {
  practiceName: string;
  displayName: string;
  email: string;
  password: string;
  timeZone: string;
}

/**
 * Signs a coordinator up the way a person does: the sign-up form, then the link from the email
 * that arrives at the real SMTP server the API sends to (its `SMTP_URL`), posted to the confirm
 * route as the confirmation page does. Returns the new coordinator's session.
 */
export async function signUpCoordinator(
  base: string,
  mail: TestSmtpServer,
  body: SignUpBody,
  headers: Record<string, string> = {},
): Promise<SessionTokens> {
  await ok(
    api(base, 'POST', '/api/auth/sign-up', body, undefined, {
      'x-forwarded-for': nextAddress(),
      ...headers,
    }),
    'sign-up',
  );
  const token = await signUpTokenFromMail(mail, body.email);
  return (await ok(
    api(base, 'POST', '/api/auth/sign-up/confirm', { token }, undefined, {
      'x-forwarded-for': nextAddress(),
      ...headers,
    }),
    'confirm sign-up',
  )) as SessionTokens;
}

/** The token of the newest sign-up link emailed to `address`, waiting for it to arrive. */
export async function signUpTokenFromMail(
  mail: TestSmtpServer,
  address: string,
  options: { timeoutMs?: number } = {},
): Promise<string> {
  const wanted = address.toLowerCase();
  const isLink = (m: CapturedMail) =>
    m.to.includes(wanted) && m.links.some((l) => l.includes('/confirm-sign-up/'));
  await mail.waitFor(isLink, options);
  const newest = mail.messages.filter(isLink).at(-1)!;
  const link = newest.links.find((l) => l.includes('/confirm-sign-up/'))!;
  return new URL(link).pathname.split('/').pop()!;
}

/**
 * Signs a practice up (its people in `timeZone`), confirming it from the emailed link, and returns
 * a way to invite people into it. The API under test must send its mail to `mail`.
 */
export async function signUpPractice(
  base: string,
  mail: TestSmtpServer,
  name = 'Northside IPT',
  coordinatorName = 'Casey Coordinator',
  timeZone = 'UTC',
): Promise<Practice> {
  const tag = randomBytes(4).toString('hex');
  const domain = `${name.toLowerCase().replace(/[^a-z]+/g, '') || 'practice'}.example`;
  const signUp = await signUpCoordinator(base, mail, {
    practiceName: name,
    displayName: coordinatorName,
    email: `coordinator.${tag}@${domain}`,
    password,
    timeZone,
  });
  const coordinator = personOf(base, signUp);
  let n = 0;
  return {
    name,
    coordinator,
    async person(displayName, roles) {
      n += 1;
      const { acceptPath } = await coordinator.call(identityRoutes.invite, {
        body: { email: `person${n}.${tag}@${domain}`, displayName, roles },
      });
      const accepted = await ok(
        api(base, 'POST', `/api${acceptPath}/accept`, { password, timeZone }, undefined, {
          'x-forwarded-for': nextAddress(),
        }),
        'accept invitation',
      );
      return personOf(base, accepted as SessionTokens);
    },
  };
}
