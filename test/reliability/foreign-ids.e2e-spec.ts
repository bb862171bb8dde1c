import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { apiRoutes, buildPath, type RouteContract } from '@hearth/contracts';
import { createTestDatabase, password, type TestDatabase } from '@hearth/testing';
import { startServer, type ServerProcess } from '../support/server';
import {
  acceptConsent,
  api,
  createCourse,
  nextAddress,
  ok,
  signUpPractice,
  type Person,
  type Practice,
  startSmtpServer,
  type TestSmtpServer,
} from './hearth-client';

// Every route of the API (the contracts' apiRoutes, so a new route is swept as soon as it
// exists), called by each role of practice B with practice A's real ids in its path and body.
// A route that names an object answers 404 — or 403 when the caller's role may not use the route
// at all — and no answer ever holds any of A's names, emails or ids; A's records do not change.

type Role = 'coordinator' | 'therapist' | 'client';

interface A {
  practice: Practice;
  therapist: Person;
  client: Person;
  partner: Person;
  courseId: string;
  sessionIds: string[];
  memberId: string;
  invitationId: string;
  requestId: string;
  alertId: string;
  /** One of A's coordinator's signed-in devices, and one of A's outgoing emails. */
  deviceId: string;
  mailId: string;
  /** One of A's therapist's passkeys. */
  passkeyId: string;
  /** One of A's in-person locations (ids of those travel in bodies, never in paths). */
  locationId: string;
  /** Every id, name, email and title of practice A that B must never see. */
  secrets: string[];
}

/** Valid bodies, so a refusal is about the object and not the input; A's ids where ids go. */
function bodies(a: A): Record<string, unknown> {
  const course = {
    title: 'Borrowed course',
    format: 'individual',
    focusAreas: ['grief'],
    therapistId: a.therapist.personId,
    timeZone: 'UTC',
    weekday: 3,
    localTime: '15:00',
    startDate: '2033-03-02',
    members: [{ personId: a.client.personId, relation: 'member', status: 'active' }],
  };
  return {
    'POST /api/courses/preview': course,
    'POST /api/courses': course,
    'POST /api/invitations': {
      email: 'newcomer@b-practice.example',
      displayName: 'Newcomer',
      roles: ['client'],
    },
    'POST /api/invitations/:invitationId/revoke': {},
    'POST /api/invitations/:invitationId/resend': {},
    'POST /api/courses/:courseId/members': {
      personId: a.client.personId,
      relation: 'member',
      status: 'active',
    },
    'PATCH /api/courses/:courseId/members/:memberId': { status: 'withdrawn' },
    'POST /api/sessions/:sessionId/reschedule': { startsAt: '2033-05-05T09:00:00Z' },
    'POST /api/sessions/:sessionId/cancel': { reason: 'borrowed' },
    'POST /api/therapy-requests/:requestId/accept': {
      kind: 'therapist',
      therapistId: a.therapist.personId,
      weekday: 2,
      localTime: '16:00',
      startDate: '2033-04-05',
    },
    'POST /api/therapy-requests/:requestId/decline': { reason: 'not ours' },
    'PUT /api/therapists/:personId/profile': {
      modalities: ['IPT'],
      formats: ['individual'],
      focusAreas: ['grief'],
      languages: ['en'],
      remote: true,
      inPersonLocationIds: [a.locationId],
      availability: [],
    },
    'PUT /api/practice/locations': { locations: [{ id: a.locationId, name: 'Borrowed place' }] },
    'PUT /api/courses/:courseId/check-in-schedule': { checkInSchedule: 'every_4th' },
    'POST /api/sessions/:sessionId/check-in': {
      phq9: [0, 0, 0, 0, 0, 0, 0, 0, 0],
      gad7: [0, 0, 0, 0, 0, 0, 0],
      mood: 5,
    },
    'POST /api/clinical/alerts/:alertId/acknowledge': {},
    'PUT /api/courses/:courseId/clients/:personId/inventory': {
      people: [{ label: 'Mum', relation: 'parent', closeness: 3, support: 3 }],
    },
    'POST /api/courses/:courseId/clients/:personId/inventory/review': {},
    'PUT /api/courses/:courseId/clients/:personId/focus': {
      areas: [{ area: 'grief', goals: ['talk about it'] }],
    },
    'PUT /api/sessions/:sessionId/clients/:personId/progress': { text: 'borrowed progress' },
    'PUT /api/sessions/:sessionId/clients/:personId/note': { text: 'borrowed note' },
    'PUT /api/sessions/:sessionId/agenda': {
      items: [{ id: 'x', title: 'Borrowed', minutes: 10, goRound: false }],
    },
    'PUT /api/courses/:courseId/live-settings': { autoAdmitMembers: true },
    'POST /api/people/:personId/erasure': { reason: 'borrowed erasure' },
  };
}

/** A's ids to try for each path parameter; secrets and unknown parameters get a random UUID. */
function candidates(a: A, name: string, path: string): string[] {
  switch (name) {
    case 'practiceId':
      return [a.practice.coordinator.practiceId];
    case 'courseId':
      return [a.courseId];
    case 'sessionId':
      return [a.sessionIds[0]!];
    case 'memberId':
      return [a.memberId];
    case 'invitationId':
      return [a.invitationId];
    case 'requestId':
      return [a.requestId];
    case 'alertId':
      return [a.alertId];
    case 'deviceId':
      return [a.deviceId];
    case 'mailId':
      return [a.mailId];
    case 'passkeyId':
      return [a.passkeyId];
    case 'personId':
      return path.startsWith('/api/therapists/')
        ? [a.therapist.personId]
        : [a.client.personId, a.therapist.personId, a.practice.coordinator.personId];
    default:
      // Invitation tokens and calendar feed files are secrets in themselves, not ids.
      return [randomUUID()];
  }
}

/** Routes that end the caller's own sign-ins: no object of A's is involved. */
const endsOwnSignIn = new Set(['POST /api/account/sign-out-everywhere', 'POST /api/auth/logout']);

function paramNames(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);
}

/** Every combination of candidate values for a route's path parameters. */
function fillings(a: A, route: RouteContract): Record<string, string>[] {
  let result: Record<string, string>[] = [{}];
  for (const name of paramNames(route.path)) {
    const values = route.public ? [randomUUID()] : candidates(a, name, route.path);
    result = result.flatMap((partial) => values.map((value) => ({ ...partial, [name]: value })));
  }
  return result;
}

describe('another practice’s ids on every route', () => {
  let database: TestDatabase;
  let db: Client;
  let server: ServerProcess;
  let smtp: TestSmtpServer;
  let dataDir: string;
  let a: A;
  let b: Record<Role, Person>;

  /** A digest of every row that mentions one of A's ids (the audit log, append-only, aside). */
  async function snapshotOfA(): Promise<Record<string, string>> {
    const ids = a.secrets.filter((s) => /^[0-9a-f-]{36}$/.test(s));
    const { rows: tables } = await db.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables
        WHERE schemaname = 'public' AND tablename NOT IN ('audit_event', 'migrations')
        ORDER BY 1`,
    );
    const result: Record<string, string> = {};
    for (const { name } of tables) {
      const { rows } = await db.query<{ n: number; digest: string | null }>(
        `SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest
           FROM "${name}" t WHERE t::text ~ $1`,
        [ids.join('|')],
      );
      result[name] = `${rows[0]!.n}:${rows[0]!.digest}`;
    }
    return result;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'hearth-reliability-ids-'));
    smtp = await startSmtpServer();
    server = await startServer({
      SMTP_URL: smtp.url,
      DATABASE_URL: database.url,
      HEARTH_DATA_DIR: dataDir,
      NODE_ENV: 'production',
      TRUST_PROXY: 'true',
      REMINDER_INTERVAL_SECONDS: '0',
      THERAPY_REQUEST_MIN_FILL_SECONDS: '0',
    });
    db = new Client({ connectionString: database.url });
    await db.connect();
    const base = server.url;

    // Practice A, with something behind every kind of id.
    const practice = await signUpPractice(base, smtp, 'Alder Grove IPT', 'Agatha Alder');
    const coordinator = practice.coordinator;
    const therapist = await practice.person('Dr Augustin Ash', ['therapist']);
    const client = await practice.person('Amelie Aspen', ['client']);
    const partner = await practice.person('Anselm Aspen', ['client']);
    // Session 1 tomorrow, so its check-in is open.
    const tomorrow = new Date(Date.now() + 86_400_000);
    const course = await createCourse(base, coordinator, {
      title: 'Alder couple course',
      therapistId: therapist.personId,
      weekday: tomorrow.getUTCDay() === 0 ? 7 : tomorrow.getUTCDay(),
      localTime: '10:00',
      startDate: tomorrow.toISOString().slice(0, 10),
      members: [
        { personId: client.personId, relation: 'partner', status: 'active' },
        { personId: partner.personId, relation: 'partner', status: 'active' },
      ],
    });
    const detail = await ok(
      api(base, 'GET', `/api/courses/${course.id}`, undefined, coordinator.token),
    );
    const memberId = (detail.members as { id: string; personId: string }[]).find(
      (m) => m.personId === client.personId,
    )!.id;
    const invitation = await ok(
      api(
        base,
        'POST',
        '/api/invitations',
        { email: 'pending.alder@alder.example', displayName: 'Aurora Pending', roles: ['client'] },
        coordinator.token,
      ),
    );
    await acceptConsent(base, client);
    await ok(
      api(
        base,
        'POST',
        `/api/sessions/${course.sessionIds[0]}/check-in`,
        { phq9: [1, 1, 1, 1, 1, 1, 1, 1, 2], gad7: [1, 1, 1, 1, 1, 1, 1], mood: 3 },
        client.token,
      ),
      'check-in',
    );
    const alerts = await ok(api(base, 'GET', '/api/clinical/alerts', undefined, therapist.token));
    const alertId = alerts.alerts[0].id as string;
    await ok(
      api(
        base,
        'PUT',
        `/api/courses/${course.id}/clients/${client.personId}/inventory`,
        { people: [{ label: 'Grandpa Alder', relation: 'other', closeness: 4, support: 4 }] },
        client.token,
      ),
      'inventory',
    );
    await ok(
      api(
        base,
        'PUT',
        `/api/sessions/${course.sessionIds[0]}/clients/${client.personId}/note`,
        { text: 'Alder private note' },
        therapist.token,
      ),
      'note',
    );
    const places = await ok(
      api(
        base,
        'PUT',
        '/api/practice/locations',
        { locations: [{ name: 'Alder clinic rooms' }] },
        coordinator.token,
      ),
      'locations',
    );
    const locationId = (places.locations as { id: string }[])[0]!.id;
    const form = await ok(
      api(base, 'GET', `/api/practices/${coordinator.practiceId}/therapy-request-form`),
    );
    const submitted = await ok(
      api(
        base,
        'POST',
        `/api/practices/${coordinator.practiceId}/therapy-requests`,
        {
          name: 'Ariadne Applicant',
          email: 'ariadne.applicant@alder.example',
          concern: 'Alder concern in my own words',
          focusAreas: ['grief'],
          format: 'individual',
          setting: 'remote',
          languages: ['en'],
          timeZone: 'UTC',
          availability: [{ weekday: 2, from: '09:00', to: '12:00' }],
          consent: true,
          formToken: form.formToken,
        },
        undefined,
        { 'x-forwarded-for': nextAddress() },
      ),
      'therapy request',
    );
    const requests = await ok(
      api(base, 'GET', '/api/therapy-requests', undefined, coordinator.token),
    );
    const requestId = ((requests.requests ?? requests) as { id: string }[])[0]!.id;
    void submitted;
    // An email of practice A for the mail routes (a sign-up's own email belongs to no practice).
    await ok(
      api(
        base,
        'POST',
        '/api/invitations',
        {
          email: 'emailed@alder.example',
          displayName: 'Emil Emailed',
          roles: ['client'],
          sendEmail: true,
        },
        coordinator.token,
      ),
      'emailed invitation',
    );
    const {
      rows: [device],
    } = await db.query<{ id: string }>(
      `SELECT id FROM sign_in_session WHERE person_id = $1 LIMIT 1`,
      [coordinator.personId],
    );
    const {
      rows: [mail],
    } = await db.query<{ id: string }>(
      `SELECT id FROM mail_outbox WHERE practice_id = $1 LIMIT 1`,
      [coordinator.practiceId],
    );
    if (!device || !mail) throw new Error('practice A has no signed-in device or no email');
    // A passkey of A's therapist, stored as a registration would store it (a browser's
    // authenticator is another test's business: test/e2e/journeys/second-factor).
    const {
      rows: [passkey],
    } = await db.query<{ id: string }>(
      `INSERT INTO passkey (person_id, credential_id, public_key, name)
       VALUES ($1, 'alder-credential', '\\x00', 'Alder passkey') RETURNING id`,
      [therapist.personId],
    );

    a = {
      practice,
      therapist,
      client,
      partner,
      courseId: course.id,
      sessionIds: course.sessionIds,
      memberId,
      invitationId: invitation.invitation.id,
      requestId,
      alertId,
      deviceId: device.id,
      mailId: mail.id,
      passkeyId: passkey!.id,
      locationId,
      secrets: [],
    };
    const people = [coordinator, therapist, client, partner];
    a.secrets = [
      coordinator.practiceId,
      ...people.flatMap((p) => [p.personId, p.displayName, p.email]),
      'Alder Grove IPT',
      'Alder couple course',
      'Aurora Pending',
      'pending.alder@alder.example',
      'Ariadne Applicant',
      'ariadne.applicant@alder.example',
      'Alder concern',
      'Grandpa Alder',
      'Alder private note',
      course.id,
      ...course.sessionIds,
      memberId,
      a.invitationId,
      requestId,
      alertId,
      device.id,
      mail.id,
      passkey!.id,
      'Alder passkey',
      locationId,
      'Alder clinic rooms',
    ];
    for (const secret of a.secrets) expect(secret).toEqual(expect.any(String));

    const practiceB = await signUpPractice(base, smtp, 'Birch Lane IPT', 'Bo Birch');
    b = {
      coordinator: practiceB.coordinator,
      therapist: await practiceB.person('Dr Bea Birch', ['therapist']),
      client: await practiceB.person('Bram Birch', ['client']),
    };
  }, 90_000);

  afterAll(async () => {
    await db?.end();
    await server?.stop();
    await smtp?.stop();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('sweeps a route set that covers every kind of object', () => {
    const names = new Set(apiRoutes.flatMap((route) => paramNames(route.path)));
    // A new kind of path parameter needs a real id of A above, or it is only tried at random.
    expect([...names].sort()).toEqual(
      [
        'alertId',
        'courseId',
        'deviceId',
        'file',
        'invitationId',
        'mailId',
        'memberId',
        'passkeyId',
        'personId',
        'practiceId',
        'requestId',
        'sessionId',
        'token',
      ].sort(),
    );
  });

  it.each(['coordinator', 'therapist', 'client'] as const)(
    'answers %s of practice B with 404 (or 403 for the role) and none of A’s data',
    async (role) => {
      const before = await snapshotOfA();
      const caller = b[role];
      // Sensitive routes need a recent confirmation, which a long sweep may outlast: confirm
      // first, so each is answered for the object named (B has no second factor: the password).
      await ok(
        api(server.url, 'POST', '/api/account/step-up', { password }, caller.token),
        'step-up',
      );
      const table = bodies(a);
      const problems: string[] = [];
      let calls = 0;
      for (const route of apiRoutes) {
        const key = `${route.method} ${route.path}`;
        // Ending one's own sign-ins is allowed to anyone and would only sign B out of the sweep.
        if (endsOwnSignIn.has(key)) continue;
        const body = route.body ? (table[key] ?? {}) : undefined;
        const hasParams = paramNames(route.path).length > 0;
        for (const params of fillings(a, route)) {
          const path = buildPath(route.path, params);
          const query =
            route.path === '/api/sessions'
              ? '?from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z'
              : '';
          const reply = await api(server.url, route.method, path + query, body, caller.token, {
            'x-forwarded-for': nextAddress(),
          });
          calls += 1;
          const leaked = a.secrets.filter((s) =>
            reply.text.toLowerCase().includes(s.toLowerCase()),
          );
          if (leaked.length > 0) problems.push(`${key} ${reply.status} leaks ${leaked.join(', ')}`);
          if (reply.status >= 500) problems.push(`${key} ${reply.status} ${reply.text}`);
          const roleForbidden = route.roles !== undefined && !route.roles.includes(role);
          if (hasParams && !route.public) {
            const allowed = roleForbidden ? [403, 404] : [404];
            // Without a known valid body, refusing the input first is fine too.
            if (route.body && !(key in table)) allowed.push(400);
            if (!allowed.includes(reply.status)) {
              problems.push(`${key} as ${role}: ${reply.status} ${reply.text.slice(0, 200)}`);
            }
          } else if (
            route.body &&
            key in table &&
            reply.status < 300 &&
            JSON.stringify(body).match(a.therapist.personId)
          ) {
            problems.push(`${key} as ${role} accepted A's ids: ${reply.status}`);
          }
        }
      }
      expect(problems).toEqual([]);
      expect(calls).toBeGreaterThan(apiRoutes.length);
      expect(await snapshotOfA()).toEqual(before);
    },
    60_000,
  );
});
