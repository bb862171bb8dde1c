import {
  accountRoutes,
  LIVE_SOCKET_PATH,
  schedulingRoutes,
  type SessionTokens,
} from '@hearth/contracts';
import { io, type Socket } from 'socket.io-client';
import {
  type Actor,
  courseBody,
  type Json,
  type Practice,
  type SchedulingHarness,
  startSchedulingApp,
} from '../testing/scheduling-harness';

const password = 'a long enough passphrase';
let addressCounter = 0;

/** One browser: its refresh cookie and its current access token. */
interface Device {
  token: string;
  cookie: string;
  person: SessionTokens['person'];
}

describe('revocation at once', () => {
  let h: SchedulingHarness;
  let practice: Practice;
  const sockets: Socket[] = [];

  const call = async (
    method: string,
    path: string,
    options: { token?: string; cookie?: string; body?: unknown; agent?: string } = {},
  ) => {
    addressCounter += 1;
    const res = await fetch(`${h.t.baseUrl}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        'x-forwarded-for': `10.200.${addressCounter >> 8}.${addressCounter & 255}`,
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        // As the web app's own page sends a cookie request (security/csrf.ts).
        ...(options.cookie ? { cookie: options.cookie, 'sec-fetch-site': 'same-origin' } : {}),
        ...(options.agent ? { 'user-agent': options.agent } : {}),
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await res.text();
    const cookie = /hearth_refresh=[^;]*/.exec(res.headers.get('set-cookie') ?? '')?.[0];
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json, cookie };
  };

  const signIn = async (email: string, agent = 'curl/8'): Promise<Device> => {
    const reply = await call('POST', '/api/auth/login', {
      body: { email, password },
      agent,
    });
    expect(reply.status).toBe(200);
    return { token: reply.body.accessToken, cookie: reply.cookie!, person: reply.body.person };
  };

  const emailOf = async (actor: Actor) =>
    ((await actor.request('GET', '/api/me')).body as { email: string }).email;

  const connect = (token: string): Promise<Socket> => {
    const socket = io(h.t.baseUrl, {
      path: LIVE_SOCKET_PATH,
      transports: ['websocket'],
      auth: { token },
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  };

  /** Resolves with how long the server took to close the socket (rejects after 5 s). */
  const closedBy = (socket: Socket, started: number): Promise<number> =>
    new Promise((resolve, reject) => {
      if (!socket.connected) {
        resolve(Date.now() - started);
        return;
      }
      const timer = setTimeout(() => reject(new Error('socket still open after 5 s')), 5_000);
      socket.once('disconnect', (reason) => {
        clearTimeout(timer);
        expect(reason).toBe('io server disconnect');
        resolve(Date.now() - started);
      });
    });

  beforeAll(async () => {
    h = await startSchedulingApp();
    practice = await h.practice();
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses the old access token right after logout, and closes that device’s live socket', async () => {
    const client = await practice.person('Lou Logout', ['client']);
    const email = await emailOf(client);
    const laptop = await signIn(email);
    const phone = await signIn(email);
    expect((await call('GET', '/api/me', { token: laptop.token })).status).toBe(200);
    const socket = await connect(laptop.token);
    const phoneSocket = await connect(phone.token);

    const started = Date.now();
    expect((await call('POST', '/api/auth/logout', { cookie: laptop.cookie })).status).toBe(200);
    const closedAfter = await closedBy(socket, started);
    expect(closedAfter).toBeLessThan(2_000);

    const me = await call('GET', '/api/me', { token: laptop.token });
    expect(me.status).toBe(401);
    expect((await call('POST', '/api/auth/refresh', { cookie: laptop.cookie })).status).toBe(401);
    // A socket cannot be opened with it either.
    await expect(connect(laptop.token)).rejects.toThrow();
    // The other device is another sign-in: untouched.
    expect((await call('GET', '/api/me', { token: phone.token })).status).toBe(200);
    expect(phoneSocket.connected).toBe(true);
  });

  it('hears of a sign-in ended by any node or module through the database, not only this process', async () => {
    const client = await practice.person('Nia Node', ['client']);
    const device = await signIn(await emailOf(client));
    expect((await call('GET', '/api/me', { token: device.token })).status).toBe(200);
    const socket = await connect(device.token);
    // As another API node would: straight in the database, without telling this process.
    const started = Date.now();
    await h.db.query(
      `UPDATE sign_in_session SET revoked_at = now() WHERE person_id = $1 AND revoked_at IS NULL`,
      [client.personId],
    );
    expect(await closedBy(socket, started)).toBeLessThan(2_000);
    expect((await call('GET', '/api/me', { token: device.token })).status).toBe(401);
  });

  it('after erasure the old token cannot export, read clinical records or create a calendar feed', async () => {
    const client = await practice.person('Eve Erased', ['client']);
    const device = await signIn(await emailOf(client));
    const socket = await connect(device.token);
    const auth = { token: device.token };
    expect((await call('GET', `/api/people/${client.personId}/export`, auth)).status).toBe(200);
    expect((await call('GET', '/api/me/clinical', auth)).status).toBe(200);

    const started = Date.now();
    const erased = await practice.coordinator.request(
      'POST',
      `/api/people/${client.personId}/erasure`,
      { reason: 'Asked to be forgotten' },
    );
    expect(erased.status).toBe(200);
    expect(await closedBy(socket, started)).toBeLessThan(2_000);
    expect((await call('GET', `/api/people/${client.personId}/export`, auth)).status).toBe(401);
    expect((await call('GET', '/api/me/clinical', auth)).status).toBe(401);
    expect((await call('POST', '/api/me/calendar-feed', auth)).status).toBe(401);
    expect(
      await h.db.query(`SELECT 1 FROM calendar_feed WHERE person_id = $1`, [client.personId]),
    ).toHaveLength(0);
    // Nothing of the sign-in is left behind.
    expect(
      await h.db.query(`SELECT 1 FROM sign_in_session WHERE person_id = $1`, [client.personId]),
    ).toHaveLength(0);
  });

  it('a role change refuses tokens with the old roles, closes sockets, and the next refresh carries the new roles', async () => {
    const person = await practice.person('Rae Roles', ['client']);
    const device = await signIn(await emailOf(person));
    const socket = await connect(device.token);
    const started = Date.now();
    const changed = await practice.coordinator.call(accountRoutes.setRoles, {
      params: { personId: person.personId },
      body: { roles: ['client', 'therapist'] },
    });
    expect(changed.roles).toEqual(['client', 'therapist']);
    expect(await closedBy(socket, started)).toBeLessThan(2_000);
    const refused = await call('GET', '/api/me', { token: device.token });
    expect(refused.status).toBe(401);

    const renewed = await call('POST', '/api/auth/refresh', { cookie: device.cookie });
    expect(renewed.status).toBe(200);
    expect(renewed.body.person.roles).toEqual(['client', 'therapist']);
    const me = await call('GET', '/api/me', { token: renewed.body.accessToken });
    expect(me.body.roles).toEqual(['client', 'therapist']);

    // Nobody takes their own coordinator role away.
    const self = await practice.coordinator.request(
      'PUT',
      `/api/people/${practice.coordinator.personId}/roles`,
      { roles: ['therapist'] },
    );
    expect(self.status).toBe(409);
  });

  it('closes the live socket of a client whose roster place is withdrawn', async () => {
    const therapist = await practice.person('Theo Therapist', ['therapist']);
    const a = await practice.person('Ada Partner', ['client']);
    const b = await practice.person('Bo Partner', ['client']);
    const course = await practice.coordinator.call(schedulingRoutes.createCourse, {
      body: courseBody({
        therapistId: therapist.personId,
        startDate: '2027-03-01',
        members: [
          { personId: a.personId, relation: 'partner' },
          { personId: b.personId, relation: 'partner' },
        ],
      }),
    });
    const socketA = await connect(a.token);
    const socketB = await connect(b.token);
    const member = course.members.find((m) => m.personId === a.personId)!;
    const started = Date.now();
    await practice.coordinator.call(schedulingRoutes.updateMember, {
      params: { courseId: course.id, memberId: member.id },
      body: { status: 'withdrawn' },
    });
    expect(await closedBy(socketA, started)).toBeLessThan(2_000);
    expect(socketB.connected).toBe(true);
  });

  it('a password change signs out every other device at once, keeping this one', async () => {
    const person = await practice.person('Pat Password', ['client']);
    const email = await emailOf(person);
    const here = await signIn(email);
    const there = await signIn(email);
    const otherSocket = await connect(there.token);
    const started = Date.now();
    const changed = await call('POST', '/api/account/password', {
      token: here.token,
      body: { currentPassword: password, newPassword: 'another long passphrase' },
    });
    expect(changed.status).toBe(200);
    expect(await closedBy(otherSocket, started)).toBeLessThan(2_000);
    expect((await call('GET', '/api/me', { token: there.token })).status).toBe(401);
    expect((await call('POST', '/api/auth/refresh', { cookie: there.cookie })).status).toBe(401);
    expect((await call('GET', '/api/me', { token: here.token })).status).toBe(200);
    // The current password is checked, and a wrong one is a field error, not a sign-out.
    const wrong = await call('POST', '/api/account/password', {
      token: here.token,
      body: { currentPassword: 'not the password', newPassword: 'yet another passphrase' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.issues[0].path).toBe('currentPassword');
  });

  it('lists devices with their browser, and signs out one or all of them', async () => {
    const person = await practice.person('Dev Devices', ['client']);
    const email = await emailOf(person);
    const firefox = await signIn(
      email,
      'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
    );
    const iphone = await signIn(
      email,
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    );
    const listed = await call('GET', '/api/account/devices', { token: firefox.token });
    const labels = listed.body.devices.map((d: Json) => [d.label, d.current]);
    expect(labels).toEqual(
      expect.arrayContaining([
        ['Firefox on Linux', true],
        ['Safari on iPhone', false],
      ]),
    );
    const phoneId = listed.body.devices.find((d: Json) => d.label === 'Safari on iPhone').id;
    // Someone else's device is not theirs to sign out.
    const other = await call('POST', `/api/account/devices/${phoneId}/sign-out`, {
      token: practice.coordinator.token,
    });
    expect(other.status).toBe(404);
    const out = await call('POST', `/api/account/devices/${phoneId}/sign-out`, {
      token: firefox.token,
    });
    expect(out.status).toBe(200);
    expect((await call('GET', '/api/me', { token: iphone.token })).status).toBe(401);
    expect((await call('GET', '/api/me', { token: firefox.token })).status).toBe(200);

    const socket = await connect(firefox.token);
    const started = Date.now();
    const everywhere = await call('POST', '/api/account/sign-out-everywhere', {
      token: firefox.token,
    });
    expect(everywhere.status).toBe(200);
    expect(await closedBy(socket, started)).toBeLessThan(2_000);
    expect((await call('GET', '/api/me', { token: firefox.token })).status).toBe(401);
    expect((await call('POST', '/api/auth/refresh', { cookie: firefox.cookie })).status).toBe(401);
  });

  it('ends sign-ins at the practice’s longest session and idle time', async () => {
    const person = await practice.person('Lim Limits', ['client']);
    const device = await signIn(await emailOf(person));
    const policy = await practice.coordinator.call(accountRoutes.updateSignInPolicy, {
      body: { sessionMaxHours: 12, sessionIdleMinutes: 30 },
    });
    expect(policy).toEqual({
      sessionMaxHours: 12,
      sessionIdleMinutes: 30,
      requireStaffSecondFactor: false,
    });
    // Idle: a refresh token lasts only the idle time from its last use.
    const refreshed = await call('POST', '/api/auth/refresh', { cookie: device.cookie });
    expect(refreshed.status).toBe(200);
    const [token] = await h.db.query(
      `SELECT extract(epoch FROM expires_at - now()) AS seconds FROM refresh_token
        WHERE person_id = $1 AND rotated_at IS NULL AND revoked_at IS NULL`,
      [person.personId],
    );
    expect(Number(token.seconds)).toBeLessThanOrEqual(30 * 60);
    // Absolute: a sign-in older than the new longest session ends when the limit is set.
    await h.db.query(
      `UPDATE sign_in_session SET created_at = now() - interval '13 hours' WHERE person_id = $1`,
      [person.personId],
    );
    await practice.coordinator.call(accountRoutes.updateSignInPolicy, {
      body: { sessionMaxHours: 12, sessionIdleMinutes: 30 },
    });
    const renewed = { token: refreshed.body.accessToken, cookie: refreshed.cookie };
    expect((await call('GET', '/api/me', { token: renewed.token })).status).toBe(401);
    expect((await call('POST', '/api/auth/refresh', { cookie: renewed.cookie })).status).toBe(401);
    // Clients may not change the practice's limits.
    const client = await practice.person('Cal Client', ['client']);
    expect((await client.request('PUT', '/api/practice/sign-in-policy', policy)).status).toBe(403);
  });
});
