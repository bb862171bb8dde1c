import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@hearth/testing';
import { startServer, type ServerProcess } from '../support/server';
import {
  acceptConsent,
  api,
  askData,
  connectLive,
  createCourse,
  nextAddress,
  nextEvent,
  ok,
  password,
  signUpPractice,
  startingNow,
  startSmtpServer,
  type TestSmtpServer,
} from './hearth-client';

// A realistic day through the built server with its most talkative logging: a practice signs up,
// invites people, schedules a course, holds a live session with chat, takes a check-in, writes
// notes and receives a request for therapy — plus the usual mistakes (a wrong password, a bad
// form, an expired-looking token). Everything the server wrote to stdout and stderr is then
// searched: no email address, name, chat line, note, password or token may appear.

describe('logs hold no personal data', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let smtp: TestSmtpServer;
  let dataDir: string;
  const secrets: string[] = [password];

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'hearth-reliability-logs-'));
    smtp = await startSmtpServer();
    server = await startServer({
      SMTP_URL: smtp.url,
      DATABASE_URL: database.url,
      HEARTH_DATA_DIR: dataDir,
      NODE_ENV: 'production',
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'debug',
      REMINDER_INTERVAL_SECONDS: '0',
      THERAPY_REQUEST_MIN_FILL_SECONDS: '0',
    });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await smtp?.stop();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs a day of the practice', async () => {
    const base = server.url;
    const practice = await signUpPractice(base, smtp, 'Wren Hollow IPT', 'Winifred Wren');
    const coordinator = practice.coordinator;
    const therapist = await practice.person('Dr Percival Thorne', ['therapist']);
    const ana = await practice.person('Ottoline Marsh', ['client']);
    const ben = await practice.person('Barnaby Quill', ['client']);
    for (const p of [coordinator, therapist, ana, ben]) {
      secrets.push(p.displayName, p.email, p.token);
    }
    const invitation = await ok(
      api(
        base,
        'POST',
        '/api/invitations',
        {
          email: 'Philippa.Unseen@wrenhollow.example',
          displayName: 'Philippa Unseen',
          roles: ['client'],
        },
        coordinator.token,
      ),
    );
    const invitationToken = (invitation.acceptPath as string).split('/').pop()!;
    secrets.push('Philippa.Unseen@wrenhollow.example', 'Philippa Unseen', invitationToken);
    await ok(api(base, 'GET', `/api/invitations/${invitationToken}`));

    // Mistakes people make, which servers like to log.
    const wrong = await api(
      base,
      'POST',
      '/api/auth/login',
      {
        email: ana.email,
        password: 'Wrong Horse Battery 77',
      },
      undefined,
      { 'x-forwarded-for': nextAddress() },
    );
    expect(wrong.status).toBe(401);
    secrets.push('Wrong Horse Battery 77');
    const unknown = await api(
      base,
      'POST',
      '/api/auth/login',
      {
        email: 'nobody.here@wrenhollow.example',
        password,
      },
      undefined,
      { 'x-forwarded-for': nextAddress() },
    );
    expect(unknown.status).toBe(401);
    secrets.push('nobody.here@wrenhollow.example');
    const badInvite = await api(
      base,
      'POST',
      '/api/invitations',
      { email: 'not-an-email Cressida Vale', displayName: 'Cressida Vale', roles: ['client'] },
      coordinator.token,
    );
    expect(badInvite.status).toBe(400);
    secrets.push('Cressida Vale');
    expect((await api(base, 'GET', '/api/me', undefined, `${ana.token}x`)).status).toBe(401);
    const login = await api(
      base,
      'POST',
      '/api/auth/login',
      { email: ben.email, password },
      undefined,
      {
        'x-forwarded-for': nextAddress(),
      },
    );
    expect(login.status).toBe(200);
    secrets.push(login.body.accessToken);

    // A couple course that is on now, the consent, and a check-in with question 9 above 0.
    const course = await createCourse(base, coordinator, {
      ...startingNow(),
      title: 'Marsh and Quill couple work',
      therapistId: therapist.personId,
      members: [
        { personId: ana.personId, relation: 'partner', status: 'active' },
        { personId: ben.personId, relation: 'partner', status: 'active' },
      ],
    });
    secrets.push('Marsh and Quill couple work');
    const sessionId = course.sessionIds[0]!;
    await acceptConsent(base, ana);
    await acceptConsent(base, ben);
    const checkIn = await api(
      base,
      'POST',
      `/api/sessions/${course.sessionIds[1]}/check-in`,
      { phq9: [2, 2, 1, 1, 1, 1, 1, 1, 1], gad7: [1, 1, 1, 1, 1, 1, 1], mood: 2 },
      ana.token,
    );
    expect([201, 409]).toContain(checkIn.status);

    // The live session: join, admit, chat.
    const doctor = await connectLive(base, therapist.token);
    await askData(doctor, 'session:join', { sessionId });
    const anaSocket = await connectLive(base, ana.token);
    await askData(anaSocket, 'session:join', { sessionId });
    await askData(doctor, 'lobby:admit', { participantId: ana.personId });
    const chatText = 'My sister Genevieve keeps shouting at me';
    secrets.push(chatText, 'Genevieve');
    const heard = nextEvent(doctor, 'chat:message', (m) => m.text === chatText);
    await askData(anaSocket, 'chat:send', { text: chatText });
    await heard;
    await askData(anaSocket, 'chat:send', { text: 'x'.repeat(1_001) }).catch(() => undefined);
    anaSocket.disconnect();
    doctor.disconnect();

    // Clinical records: inventory, focus, progress and a private note.
    const inventory = 'Aunt Rosalind';
    secrets.push(inventory);
    await ok(
      api(
        base,
        'PUT',
        `/api/courses/${course.id}/clients/${ana.personId}/inventory`,
        {
          people: [
            {
              label: inventory,
              relation: 'other',
              closeness: 2,
              support: 1,
              conflicts: 'Argues about the inheritance',
            },
          ],
        },
        ana.token,
      ),
      'inventory',
    );
    secrets.push('Argues about the inheritance');
    await ok(
      api(
        base,
        'PUT',
        `/api/courses/${course.id}/clients/${ana.personId}/focus`,
        { areas: [{ area: 'disputes', goals: ['Stop the fights over the inheritance'] }] },
        therapist.token,
      ),
      'focus',
    );
    secrets.push('Stop the fights over the inheritance');
    const progress = 'Ottoline named the dispute for the first time';
    const note = 'Suspect unresolved grief about the late father Cornelius';
    secrets.push(progress, note, 'Cornelius');
    await ok(
      api(
        base,
        'PUT',
        `/api/sessions/${sessionId}/clients/${ana.personId}/progress`,
        { text: progress },
        therapist.token,
      ),
      'progress',
    );
    await ok(
      api(
        base,
        'PUT',
        `/api/sessions/${sessionId}/clients/${ana.personId}/note`,
        { text: note },
        therapist.token,
      ),
      'note',
    );
    await ok(
      api(
        base,
        'GET',
        `/api/courses/${course.id}/clients/${ana.personId}/notes`,
        undefined,
        therapist.token,
      ),
    );

    // A request for therapy through the public form, and a bad one.
    const form = await ok(
      api(base, 'GET', `/api/practices/${coordinator.practiceId}/therapy-request-form`),
    );
    const concern = 'Since the divorce from Leopold I cannot sleep';
    secrets.push(
      'Seraphina Holt',
      'seraphina.holt@wrenhollow.example',
      concern,
      'Leopold',
      form.formToken,
    );
    const request = {
      name: 'Seraphina Holt',
      email: 'seraphina.holt@wrenhollow.example',
      concern,
      focusAreas: ['role_transitions'],
      format: 'individual',
      setting: 'remote',
      languages: ['en'],
      timeZone: 'UTC',
      availability: [{ weekday: 2, from: '09:00', to: '12:00' }],
      consent: true,
      formToken: form.formToken,
    };
    await ok(
      api(
        base,
        'POST',
        `/api/practices/${coordinator.practiceId}/therapy-requests`,
        request,
        undefined,
        {
          'x-forwarded-for': nextAddress(),
        },
      ),
      'therapy request',
    );
    const invalid = await api(
      base,
      'POST',
      `/api/practices/${coordinator.practiceId}/therapy-requests`,
      { ...request, email: 'seraphina at wrenhollow' },
      undefined,
      { 'x-forwarded-for': nextAddress() },
    );
    expect(invalid.status).toBe(400);
    const listed = await ok(
      api(base, 'GET', '/api/therapy-requests', undefined, coordinator.token),
    );
    expect(listed.requests.length).toBe(1);
    await ok(
      api(
        base,
        'GET',
        `/api/therapy-requests/${listed.requests[0].id}`,
        undefined,
        coordinator.token,
      ),
    );

    // A person's export and erasure, which touch everything held about them.
    const leaving = await practice.person('Ignatius Fairweather', ['client']);
    secrets.push(leaving.displayName, leaving.email, leaving.token);
    await ok(api(base, 'GET', `/api/people/${ben.personId}/export`, undefined, coordinator.token));
    await ok(
      api(
        base,
        'POST',
        `/api/people/${leaving.personId}/erasure`,
        { reason: 'Asked to be forgotten' },
        coordinator.token,
      ),
      'erasure',
    );
  }, 60_000);

  it('wrote none of it to the logs', async () => {
    // Let the last request lines and the disconnects reach the output.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const log = server.output.join('\n');
    // The log is not empty: every request is there, by its route template and status.
    expect(log).toContain('"route":"/api/auth/login","status":401');
    expect(log).toContain('"route":"/api/sessions/:sessionId/clients/:personId/note","status":200');
    const found = secrets.filter((secret) => log.toLowerCase().includes(secret.toLowerCase()));
    expect(found).toEqual([]);
    // Anything shaped like an email address, whoever it belongs to.
    expect(log.match(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g) ?? []).toEqual([]);
    // Nor a bearer token or a JWT-looking string.
    expect(log.match(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g) ?? []).toEqual([]);
  });
});
