import { identityRoutes, matchingRoutes, profileRoutes, schedulingRoutes } from '@hearth/contracts';
import { api } from '@hearth/testing';
import {
  type Actor,
  type Practice,
  type Reply,
  type SchedulingHarness,
  count,
  courseBody,
  failure,
  startSchedulingApp,
} from '../testing/scheduling-harness';
import { RequestRetentionService } from './request-retention.service';

// The whole matching story against the real PostgreSQL: the public form (tokens, honeypot,
// rate limits, bad fields), the coordinator's view with ranked matches, accepting into a course
// or a group (and the invitation that follows), declining, export, and retention.

let address = 0;
// Every submission comes from its own forwarded address unless a test floods from one.
const nextAddress = () => `172.16.${(address >> 8) & 255}.${(address += 1) & 255}`;

// A weekly Monday 13:00 course (New York time, the requester's zone) from January 2027.
const mondayAt13 = (therapist: { personId: string }) => ({
  kind: 'therapist' as const,
  therapistId: therapist.personId,
  weekday: 1,
  localTime: '13:00',
  startDate: '2027-01-04',
});

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const request = (overrides: Record<string, unknown> = {}) => ({
  name: 'Sam Rivera',
  email: 'sam.rivera@example.org',
  concern: 'We keep arguing about the same things since the baby arrived.',
  focusAreas: ['disputes'],
  format: 'couple',
  setting: 'remote',
  languages: ['en'],
  timeZone: 'America/New_York',
  // 13:00–16:00 in New York is 18:00–21:00 in London (or 17:00–20:00 in the DST gap weeks).
  availability: [
    { weekday: 1, from: '13:00', to: '16:00' },
    { weekday: 3, from: '13:00', to: '16:00' },
  ],
  consent: true,
  ...overrides,
});

describe('matching: requests for therapy, ranked matches and placement', () => {
  let h: SchedulingHarness;
  let practice: Practice;
  let theo: Actor;
  let pia: Actor;
  // Each form token sends one request; a pool fetched up front (and aged past the minimum fill
  // time) gives every submission its own.
  let formTokens: string[];
  const nextToken = () => {
    const token = formTokens.pop();
    if (!token) throw new Error('out of form tokens');
    return token;
  };

  const anonymous = async (
    method: string,
    path: string,
    body?: unknown,
    from = nextAddress(),
  ): Promise<Reply> => api(h.t.baseUrl, method, path, body, undefined, { 'x-forwarded-for': from });
  const submit = (body: unknown, from?: string, practiceId = practice.coordinator.practiceId) =>
    anonymous('POST', `/api/practices/${practiceId}/therapy-requests`, body, from);
  const submitted = async (overrides: Record<string, unknown> = {}) => {
    const reply = await submit(request({ formToken: nextToken(), ...overrides }));
    if (reply.status !== 201) throw new Error(`submit failed: ${JSON.stringify(reply.body)}`);
    const [row] = await h.db.query(`SELECT id FROM therapy_request WHERE reference = $1`, [
      reply.body.reference,
    ]);
    return (row as { id: string }).id;
  };
  const paths = (reply: Reply) =>
    (reply.body.error.details.issues as { path: string }[]).map((i) => i.path).sort();

  beforeAll(async () => {
    h = await startSchedulingApp({
      THERAPY_REQUEST_MIN_FILL_SECONDS: '1',
      THERAPY_REQUEST_SWEEP_SECONDS: '0',
      THERAPY_REQUEST_RETENTION_DAYS: '30',
    });
    practice = await h.practice();
    theo = await practice.person('Theo Therapist', ['therapist']);
    pia = await practice.person('Pia Therapist', ['therapist']);
    await theo.call(profileRoutes.putProfile, {
      params: { personId: theo.personId },
      body: {
        modalities: ['IPT'],
        formats: ['couple', 'group'],
        focusAreas: ['disputes', 'grief'],
        languages: ['en'],
        remote: true,
        inPersonLocationIds: [],
        availability: [
          { weekday: 1, from: '18:00', to: '21:00' },
          { weekday: 3, from: '18:00', to: '21:00' },
        ],
      },
    });
    // Runs couple IPT too, but only in Polish: never a match for an English-only request.
    await pia.call(profileRoutes.putProfile, {
      params: { personId: pia.personId },
      body: {
        modalities: ['IPT'],
        formats: ['couple'],
        focusAreas: ['disputes'],
        languages: ['pl'],
        remote: true,
        inPersonLocationIds: [],
        availability: [{ weekday: 1, from: '18:00', to: '21:00' }],
      },
    });
    const form = await anonymous(
      'GET',
      `/api/practices/${practice.coordinator.practiceId}/therapy-request-form`,
    );
    expect(form.status).toBe(200);
    expect(form.body).toMatchObject({ practiceName: 'Northside IPT', minFillSeconds: 1 });
    expect(form.headers.get('cache-control')).toBe('no-store');
    formTokens = [form.body.formToken as string];
    for (let i = 0; i < 59; i += 1) {
      const more = await anonymous(
        'GET',
        `/api/practices/${practice.coordinator.practiceId}/therapy-request-form`,
      );
      formTokens.push(more.body.formToken as string);
    }
    // A person takes longer than the minimum to fill the form in.
    await wait(1_100);
  });
  afterAll(async () => {
    await h?.close();
  });

  describe('the public form', () => {
    it('stores a request and answers with a reference, with no account needed', async () => {
      const before = await count(h.db, 'therapy_request');
      const reply = await submit(request({ formToken: nextToken(), email: ' Ana@Example.org ' }));
      expect(reply.status).toBe(201);
      expect(reply.body.reference).toMatch(/^HR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(await count(h.db, 'therapy_request')).toBe(before + 1);
      const [row] = await h.db.query(
        `SELECT email, status, consent_at IS NOT NULL AS consented FROM therapy_request WHERE reference = $1`,
        [reply.body.reference],
      );
      expect(row).toEqual({ email: 'ana@example.org', status: 'open', consented: true });
      expect(
        await count(
          h.db,
          'audit_event',
          `action = 'therapy_request.received' AND actor_id IS NULL`,
        ),
      ).toBeGreaterThan(0);
    });

    it('answers 404 for a practice that does not exist', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      expect(
        (await anonymous('GET', `/api/practices/${missing}/therapy-request-form`)).status,
      ).toBe(404);
      expect((await submit(request({ formToken: nextToken() }), undefined, missing)).status).toBe(
        404,
      );
      const bad = await anonymous('GET', `/api/practices/not-an-id/therapy-request-form`);
      expect(bad.status).toBe(400);
    });

    it('names every bad or oversized field and stores nothing', async () => {
      const before = await count(h.db, 'therapy_request');
      const reply = await submit(
        request({
          formToken: nextToken(),
          name: '',
          email: 'not an email',
          concern: 'x'.repeat(2_001),
          focusAreas: ['grief', 'grief'],
          format: 'pairs',
          setting: 'moon',
          languages: ['English'],
          timeZone: 'Mars/Olympus',
          availability: [{ weekday: 8, from: '25:00', to: '10:00' }],
          consent: false,
        }),
      );
      expect(reply.status).toBe(400);
      expect(paths(reply)).toEqual([
        'availability.0.from',
        'availability.0.weekday',
        'concern',
        'consent',
        'email',
        'focusAreas',
        'format',
        'languages.0',
        'name',
        'setting',
        'timeZone',
      ]);
      const concern = (reply.body.error.details.issues as { path: string; message: string }[]).find(
        (i) => i.path === 'concern',
      );
      expect(concern?.message).toBe('must be at most 2000 characters');
      // Overlapping windows are a rule of the domain, not of the schema.
      const overlapping = await submit(
        request({
          formToken: nextToken(),
          availability: [
            { weekday: 2, from: '09:00', to: '12:00' },
            { weekday: 2, from: '11:00', to: '13:00' },
          ],
        }),
      );
      expect(overlapping.status).toBe(400);
      expect(paths(overlapping)).toEqual(['availability.1']);
      const huge = await submit(
        JSON.stringify(request({ formToken: nextToken(), concern: 'x'.repeat(300_000) })),
      );
      expect(huge.status).toBe(413);
      expect(await count(h.db, 'therapy_request')).toBe(before);
    });

    it('refuses a form sent sooner than a person could fill it, or with a token that is not ours', async () => {
      const fresh = await anonymous(
        'GET',
        `/api/practices/${practice.coordinator.practiceId}/therapy-request-form`,
      );
      const tooFast = await submit(request({ formToken: fresh.body.formToken }));
      expect(tooFast.status).toBe(400);
      expect(paths(tooFast)).toEqual(['formToken']);
      expect(tooFast.body.error.details.issues[0].message).toMatch(/sooner than a person/);
      const forged = await submit(request({ formToken: `${nextToken().slice(0, -2)}AA` }));
      expect(forged.status).toBe(400);
      expect(forged.body.error.details.issues[0].message).toMatch(/reload the page/);
      const other = await h.practice('Elsewhere');
      expect(
        (await submit(request({ formToken: nextToken() }), undefined, other.coordinator.practiceId))
          .status,
      ).toBe(400);
    });

    it('gives a filled honeypot the usual answer but keeps nothing', async () => {
      const before = await count(h.db, 'therapy_request');
      const reply = await submit(
        request({ formToken: nextToken(), website: 'http://spam.example' }),
      );
      expect(reply.status).toBe(201);
      expect(reply.body.reference).toMatch(/^HR-/);
      expect(await count(h.db, 'therapy_request')).toBe(before);
    });

    it('takes each form token once: a second request with it is refused and stores nothing', async () => {
      const token = nextToken();
      expect((await submit(request({ formToken: token, email: 'once@example.org' }))).status).toBe(
        201,
      );
      const before = await count(h.db, 'therapy_request');
      const again = await submit(request({ formToken: token, email: 'twice@example.org' }));
      expect(again.status).toBe(400);
      expect(paths(again)).toEqual(['formToken']);
      expect(again.body.error.message).toContain('already used');
      // The honeypot burns its token too, so replaying it tells a script nothing.
      const trap = nextToken();
      expect((await submit(request({ formToken: trap, website: 'http://x.example' }))).status).toBe(
        201,
      );
      expect((await submit(request({ formToken: trap }))).status).toBe(400);
      expect(await count(h.db, 'therapy_request')).toBe(before);
    });

    it('stops a flood from one address with 429 and how long to wait', async () => {
      const from = '192.0.2.77';
      const statuses: number[] = [];
      for (let i = 0; i < 7; i += 1) {
        statuses.push(
          (await submit(request({ formToken: nextToken(), email: `flood${i}@example.org` }), from))
            .status,
        );
      }
      expect(statuses.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
      expect(statuses.slice(5)).toEqual([429, 429]);
      const limited = await submit(request({ formToken: nextToken() }), from);
      expect(limited.body.error.details.retryAfterSeconds).toBeGreaterThan(0);
      // Others are unaffected.
      expect(
        (await submit(request({ formToken: nextToken(), email: 'other@example.org' }))).status,
      ).toBe(201);
      const forms: number[] = [];
      for (let i = 0; i < 32; i += 1) {
        forms.push(
          (
            await anonymous(
              'GET',
              `/api/practices/${practice.coordinator.practiceId}/therapy-request-form`,
              undefined,
              '192.0.2.78',
            )
          ).status,
        );
      }
      expect(forms.filter((s) => s === 429).length).toBeGreaterThan(0);
    });
  });

  describe('the coordinator’s view', () => {
    it('lists requests and shows one with ranked matches and their reasons', async () => {
      const id = await submitted({ email: 'ranked@example.org', name: 'Ranked Person' });
      const { requests } = await practice.coordinator.call(matchingRoutes.listRequests, {
        query: { status: 'open' },
      });
      expect(requests.map((r) => r.id)).toContain(id);
      const detail = await practice.coordinator.call(matchingRoutes.getRequest, {
        params: { requestId: id },
      });
      expect(detail).toMatchObject({
        status: 'open',
        name: 'Ranked Person',
        email: 'ranked@example.org',
        timeZone: 'America/New_York',
        decision: null,
      });
      // Pia speaks only Polish: filtered out. Theo shares two afternoons (New York time).
      expect(detail.matches).toHaveLength(1);
      expect(detail.matches[0]).toMatchObject({
        kind: 'therapist',
        rank: 1,
        therapist: { personId: theo.personId, displayName: 'Theo Therapist' },
        cautions: [],
      });
      // The first shared time from today: a Monday or a Wednesday afternoon in New York.
      expect([1, 3]).toContain(detail.matches[0]?.suggestedSlot?.weekday);
      expect(detail.matches[0]?.reasons).toEqual([
        'runs couple IPT',
        'works with interpersonal disputes',
        '2 shared afternoon slots a week',
        'sees clients remotely',
        'speaks English',
        'no current courses',
      ]);
      expect(
        await count(h.db, 'audit_event', `action = 'therapy_request.viewed' AND entity_id = $1`, [
          id,
        ]),
      ).toBe(1);
    });

    it('keeps requests to the practice’s coordinators: 403 for others, 404 across practices', async () => {
      const id = await submitted({ email: 'private@example.org' });
      expect((await failure(theo.call(matchingRoutes.listRequests, { query: {} }))).status).toBe(
        403,
      );
      expect(
        (await failure(theo.call(matchingRoutes.getRequest, { params: { requestId: id } }))).status,
      ).toBe(403);
      const other = await h.practice('Southside IPT');
      const { requests } = await other.coordinator.call(matchingRoutes.listRequests, { query: {} });
      expect(requests).toEqual([]);
      const params = { requestId: id };
      for (const call of [
        other.coordinator.call(matchingRoutes.getRequest, { params }),
        other.coordinator.call(matchingRoutes.exportRequest, { params }),
        other.coordinator.call(matchingRoutes.declineRequest, {
          params,
          body: { reason: 'Not ours' },
        }),
        other.coordinator.call(matchingRoutes.acceptMatch, {
          params,
          body: mondayAt13(theo),
        }),
      ]) {
        expect((await failure(call)).status).toBe(404);
      }
      const [row] = await h.db.query(`SELECT status FROM therapy_request WHERE id = $1`, [id]);
      expect(row).toEqual({ status: 'open' });
      const unsigned = await anonymous('GET', `/api/therapy-requests/${id}`);
      expect(unsigned.status).toBe(401);
    });

    it('refuses bad decision input with the field named', async () => {
      const id = await submitted({ email: 'badinput@example.org' });
      const emptyReason = await practice.coordinator.request(
        'POST',
        `/api/therapy-requests/${id}/decline`,
        { reason: ' ' },
      );
      expect(emptyReason.status).toBe(400);
      expect(paths(emptyReason)).toEqual(['reason']);
      const longReason = await practice.coordinator.request(
        'POST',
        `/api/therapy-requests/${id}/decline`,
        { reason: 'x'.repeat(501) },
      );
      expect(paths(longReason)).toEqual(['reason']);
      const badAccept = await practice.coordinator.request(
        'POST',
        `/api/therapy-requests/${id}/accept`,
        {
          kind: 'therapist',
          therapistId: 'nobody',
          weekday: 9,
          localTime: '7pm',
          startDate: '2027-02-30',
        },
      );
      expect(badAccept.status).toBe(400);
      expect(paths(badAccept)).toEqual(['localTime', 'startDate', 'therapistId', 'weekday']);
      const unknownKind = await practice.coordinator.request(
        'POST',
        `/api/therapy-requests/${id}/accept`,
        { kind: 'friend' },
      );
      expect(unknownKind.status).toBe(400);
      const notAMatch = await failure(
        practice.coordinator.call(matchingRoutes.acceptMatch, {
          params: { requestId: id },
          body: mondayAt13(pia),
        }),
      );
      expect(notAMatch.status).toBe(409);
      expect(notAMatch.details?.['reason']).toBe('not_a_match');
      const badId = await practice.coordinator.request('GET', `/api/therapy-requests/not-an-id`);
      expect(badId.status).toBe(400);
    });
  });

  describe('accepting and declining', () => {
    let acceptedId: string;
    let courseId: string;

    it('accepts a therapist match: a course for the person and an invitation they can accept', async () => {
      acceptedId = await submitted({ email: 'sam@example.org', name: 'Sam Rivera' });
      const accepted = await practice.coordinator.call(matchingRoutes.acceptMatch, {
        params: { requestId: acceptedId },
        body: mondayAt13(theo),
      });
      courseId = accepted.courseId;
      expect(accepted.placement).toBe('course');
      expect(accepted.request.status).toBe('matched');
      expect(accepted.request.decision).toMatchObject({
        kind: 'accepted',
        by: { personId: practice.coordinator.personId },
        courseId,
        placement: 'course',
      });
      expect(accepted.invitation?.acceptPath).toMatch(/^\/invitations\/[A-Za-z0-9_-]{43}$/);

      const course = await practice.coordinator.call(schedulingRoutes.getCourse, {
        params: { courseId },
      });
      expect(course).toMatchObject({
        format: 'couple',
        focusAreas: ['disputes'],
        timeZone: 'America/New_York',
        localTime: '13:00',
        therapist: { personId: theo.personId },
      });
      expect(course.members).toMatchObject([
        { displayName: 'Sam Rivera', relation: 'partner', status: 'invited' },
      ]);
      // 13:00 in New York on 4 January 2027 is 18:00 in London.
      expect(course.sessions[0]?.startsAt).toBe('2027-01-04T18:00:00.000Z');

      // The invitation: Sam sets a password and becomes the client already on the roster.
      const token = accepted.invitation!.acceptPath.split('/').pop()!;
      const preview = await anonymous('GET', `/api/invitations/${token}`);
      expect(preview.body).toMatchObject({
        email: 'sam@example.org',
        displayName: 'Sam Rivera',
        roles: ['client'],
      });
      const signedIn = await anonymous('POST', `/api/invitations/${token}/accept`, {
        password: 'a long enough passphrase',
        timeZone: 'America/New_York',
      });
      expect(signedIn.status).toBe(201);
      expect(signedIn.body.person.id).toBe(course.members[0]?.personId);
      const theirs = await fetch(`${h.t.baseUrl}/api/courses`, {
        headers: { authorization: `Bearer ${signedIn.body.accessToken}` },
      });
      const { courses } = (await theirs.json()) as { courses: { id: string }[] };
      expect(courses.map((c) => c.id)).toEqual([courseId]);
      expect(await count(h.db, 'person', `email = 'sam@example.org'`)).toBe(1);
      // The invitation carried the place: accepting it made the place Sam's.
      const after = await practice.coordinator.call(schedulingRoutes.getCourse, {
        params: { courseId },
      });
      expect(after.members).toMatchObject([{ displayName: 'Sam Rivera', status: 'active' }]);
      expect(
        await count(h.db, 'roster_change', `to_status = 'active' AND changed_by = $1`, [
          signedIn.body.person.id,
        ]),
      ).toBe(1);
      expect(await count(h.db, 'audit_event', `action = 'roster.place_accepted'`)).toBe(1);

      for (const action of ['therapy_request.accepted', 'course.created', 'invitation.created']) {
        expect(await count(h.db, 'audit_event', `action = $1`, [action])).toBeGreaterThan(0);
      }
    });

    it('refuses to decide the same request twice', async () => {
      const again = await failure(
        practice.coordinator.call(matchingRoutes.declineRequest, {
          params: { requestId: acceptedId },
          body: { reason: 'Changed my mind' },
        }),
      );
      expect(again.status).toBe(409);
      expect(again.details?.['reason']).toBe('already_decided');
    });

    it('leaves the request open and no client behind when the therapist is booked at that time', async () => {
      const id = await submitted({ email: 'clash@example.org' });
      const clash = await failure(
        practice.coordinator.call(matchingRoutes.acceptMatch, {
          params: { requestId: id },
          body: mondayAt13(theo),
        }),
      );
      expect(clash.status).toBe(409);
      expect(clash.details?.['reason']).toBe('double_booked');
      const [row] = await h.db.query(`SELECT status FROM therapy_request WHERE id = $1`, [id]);
      expect(row).toEqual({ status: 'open' });
      expect(await count(h.db, 'person', `email = 'clash@example.org'`)).toBe(0);
      // Theo now has a course: the ranking says so.
      const detail = await practice.coordinator.call(matchingRoutes.getRequest, {
        params: { requestId: id },
      });
      expect(detail.matches[0]?.reasons).toContain('1 current course');
    });

    it('cannot place an account of another practice; its owner is emailed to contact the practice', async () => {
      const other = await h.practice('Hidden Valley Clinic');
      const member = await other.person('Tom Elsewhere', ['client']);
      const id = await submitted({ email: member.email, name: 'Tom Asking' });
      const refused = await failure(
        practice.coordinator.call(matchingRoutes.acceptMatch, {
          params: { requestId: id },
          body: { ...mondayAt13(theo), weekday: 3 },
        }),
      );
      expect(refused.status).toBe(409);
      expect(refused.details?.['reason']).toBe('email_taken');
      expect(refused.message).not.toContain('Hidden Valley');
      const [row] = await h.db.query(`SELECT status FROM therapy_request WHERE id = $1`, [id]);
      expect(row).toEqual({ status: 'open' });
      expect(await count(h.db, 'person', 'email = $1', [member.email])).toBe(1);
      const told = await h.mail.waitFor(
        (m) => m.to.includes(member.email) && m.subject.includes('would like to offer you a place'),
      );
      expect(told.subject).toBe('Northside IPT would like to offer you a place');
      expect(told.text).toContain('Please contact Northside IPT directly');
      expect(told.text).not.toContain('arguing');
      expect(told.text).not.toContain('Hidden Valley');
      expect(told.links).toEqual([]);
    });

    it('declines with a reason, audited', async () => {
      const id = await submitted({ email: 'decline@example.org' });
      const declined = await practice.coordinator.call(matchingRoutes.declineRequest, {
        params: { requestId: id },
        body: { reason: 'Needs a crisis service first; referred on.' },
      });
      expect(declined).toMatchObject({
        status: 'declined',
        matches: [],
        decision: {
          kind: 'declined',
          reason: 'Needs a crisis service first; referred on.',
          courseId: null,
        },
      });
      expect(
        await count(h.db, 'audit_event', `action = 'therapy_request.declined' AND entity_id = $1`, [
          id,
        ]),
      ).toBe(1);
      const { requests } = await practice.coordinator.call(matchingRoutes.listRequests, {
        query: { status: 'declined' },
      });
      expect(requests.map((r) => r.id)).toEqual([id]);
    });

    it('places group requests on the roster, then on the waitlist once the group is full', async () => {
      const group = await practice.coordinator.call(schedulingRoutes.createCourse, {
        body: courseBody({
          title: 'Wednesday grief group',
          format: 'group',
          focusAreas: ['grief'],
          therapistId: theo.personId,
          maxMembers: 3,
          weekday: 3,
          localTime: '18:30',
          startDate: '2027-02-01',
        }),
      });
      const placements: string[] = [];
      for (let i = 0; i < 4; i += 1) {
        const id = await submitted({
          email: `group${i}@example.org`,
          name: `Member ${i}`,
          format: 'group',
          focusAreas: ['grief'],
        });
        const detail = await practice.coordinator.call(matchingRoutes.getRequest, {
          params: { requestId: id },
        });
        expect(detail.matches.map((m) => m.group?.courseId)).toEqual([group.id]);
        if (i === 0) {
          expect(detail.matches[0]?.reasons).toEqual([
            'runs group IPT',
            'focuses on grief and loss',
            expect.stringMatching(
              /^meets Wednesdays at 13:30 your time, inside your availability$/,
            ),
            'starts 3 February 2027',
            'speaks English',
            '3 of 3 places left',
          ]);
        }
        const accepted = await practice.coordinator.call(matchingRoutes.acceptMatch, {
          params: { requestId: id },
          body: { kind: 'group', courseId: group.id },
        });
        placements.push(accepted.placement);
      }
      expect(placements).toEqual(['roster_place', 'roster_place', 'roster_place', 'waitlist']);
      const course = await practice.coordinator.call(schedulingRoutes.getCourse, {
        params: { courseId: group.id },
      });
      expect(course.members.map((m) => m.status)).toEqual([
        'invited',
        'invited',
        'invited',
        'waitlisted',
      ]);
    });
  });

  describe('personal data', () => {
    it('exports everything stored about a request, with its audit trail', async () => {
      const id = await submitted({ email: 'export@example.org', name: 'Ex Port' });
      await practice.coordinator.call(matchingRoutes.getRequest, { params: { requestId: id } });
      const reply = await practice.coordinator.request('GET', `/api/therapy-requests/${id}/export`);
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-disposition')).toContain(`therapy-request-${id}.json`);
      expect(reply.body).toMatchObject({
        practiceId: practice.coordinator.practiceId,
        request: { id, name: 'Ex Port', email: 'export@example.org', concern: expect.any(String) },
      });
      expect(reply.body.consentGivenAt).not.toBeNull();
      expect(reply.body.audit.map((a: { action: string }) => a.action)).toEqual([
        'therapy_request.received',
        'therapy_request.viewed',
        'therapy_request.exported',
      ]);
    });

    it('anonymises requests once the retention period has passed, and only those', async () => {
      const old = await submitted({ email: 'old@example.org' });
      const recent = await submitted({ email: 'recent@example.org' });
      await h.db.query(
        `UPDATE therapy_request SET received_at = now() - interval '31 days' WHERE id = $1`,
        [old],
      );
      const retention = h.t.app.get(RequestRetentionService);
      const cleared = await retention.anonymiseExpired(new Date());
      expect(cleared).toBeGreaterThanOrEqual(1);
      const [row] = await h.db.query(
        `SELECT name, email, concern, availability, format, anonymised_at IS NOT NULL AS anonymised
           FROM therapy_request WHERE id = $1`,
        [old],
      );
      expect(row).toEqual({
        name: null,
        email: null,
        concern: null,
        availability: null,
        format: 'couple',
        anonymised: true,
      });
      expect(
        (
          await failure(
            practice.coordinator.call(matchingRoutes.getRequest, { params: { requestId: old } }),
          )
        ).status,
      ).toBe(404);
      expect(
        (
          await practice.coordinator.call(matchingRoutes.getRequest, {
            params: { requestId: recent },
          })
        ).email,
      ).toBe('recent@example.org');
      expect(
        await count(
          h.db,
          'audit_event',
          `action = 'therapy_request.anonymised' AND entity_id = $1`,
          [old],
        ),
      ).toBe(1);
      // A decision restarts the clock: an old request decided yesterday stays.
      expect(await retention.anonymiseExpired(new Date())).toBe(0);
      // With a clock 31 days on, everything left goes.
      expect(
        await retention.anonymiseExpired(new Date(Date.now() + 31 * 86_400_000)),
      ).toBeGreaterThan(5);
      expect(await count(h.db, 'therapy_request', 'anonymised_at IS NULL')).toBe(0);
    });
  });

  it('leaves identity rules as they were: an invitation to someone with an account is refused', async () => {
    const reply = await failure(
      practice.coordinator.call(identityRoutes.invite, {
        body: { email: 'sam@example.org', displayName: 'Sam again', roles: ['client'] },
      }),
    );
    expect(reply.status).toBe(409);
  });
});
