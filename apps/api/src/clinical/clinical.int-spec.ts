import { type CourseDetail, clinicalRoutes } from '@hearth/contracts';
import {
  type Actor,
  type Practice,
  type SchedulingHarness,
  count,
  failure,
  startSchedulingApp,
} from '../testing/scheduling-harness';
import { answers, groupCourse } from '../testing/clinical-fixtures';
import { ConsentService } from './consent.service';

// The clinical layer through real HTTP on the real PostgreSQL: a group course of three clients
// (Ada, Ben, Cas) run by a therapist and a co-therapist, with a second therapist of the same
// practice who does not run it, and a second practice.

const noteText = 'Ada spoke about the funeral for the first time; follow up on her brother.';

describe('clinical layer', () => {
  let h: SchedulingHarness;
  let practice: Practice;
  let therapist: Actor;
  let coTherapist: Actor;
  let otherTherapist: Actor;
  let ada: Actor;
  let ben: Actor;
  let cas: Actor;
  let elsewhere: Practice;
  let outsider: Actor;
  let course: CourseDetail;
  let session1: string;
  let session2: string;
  let consent: ConsentService;

  const params = (client: Actor) => ({ courseId: course.id, personId: client.personId });
  const statusOf = async (call: Promise<unknown>) => (await failure(call)).status;

  beforeAll(async () => {
    h = await startSchedulingApp();
    consent = h.t.app.get(ConsentService);
    practice = await h.practice();
    therapist = await practice.person('Theo Therapist', ['therapist']);
    coTherapist = await practice.person('Cleo Cotherapist', ['therapist']);
    otherTherapist = await practice.person('Olive Other', ['therapist']);
    ada = await practice.person('Ada Member', ['client']);
    ben = await practice.person('Ben Member', ['client']);
    cas = await practice.person('Cas Member', ['client']);
    elsewhere = await h.practice('Elsewhere IPT');
    outsider = await elsewhere.person('Otto Outsider', ['therapist']);
    course = await groupCourse(practice, { therapist, coTherapist, clients: [ada, ben, cas] });
    session1 = course.sessions[0]!.id;
    session2 = course.sessions[1]!.id;
  });
  afterAll(async () => {
    await h?.close();
  });

  describe('consent', () => {
    it('starts every practice on the default text, which a client has not accepted', async () => {
      const current = await ada.call(clinicalRoutes.getConsent);
      expect(current).toMatchObject({ version: 1, accepted: false, acceptedAt: null });
      expect(current.text).toContain('Interpersonal Psychotherapy');
      expect(await consent.hasAcceptedCurrentConsent(ada.practiceId, ada.personId)).toBe(false);
      // Another practice has its own version 1.
      const theirs = await elsewhere.coordinator.call(clinicalRoutes.listConsentVersions);
      expect(theirs.versions.map((v) => v.version)).toEqual([1]);
    });

    it('refuses a check-in until the client has accepted', async () => {
      const refused = await ada.request('POST', `/api/sessions/${session1}/check-in`, answers(0));
      expect(refused.status).toBe(403);
      expect(refused.body.error.details).toEqual({ reason: 'consent_required' });
      expect(await count(h.db, 'check_in')).toBe(0);
    });

    it('accepts the version the client read, and refuses one that is not current', async () => {
      const stale = await ada.request('POST', '/api/consent/accept', { version: 2 });
      expect(stale.status).toBe(409);
      expect(stale.body.error.details).toMatchObject({ currentVersion: 1 });
      const bad = await ada.request('POST', '/api/consent/accept', { version: 'one' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.issues[0]).toMatchObject({
        location: 'body',
        path: 'version',
      });
      const accepted = await ada.call(clinicalRoutes.acceptConsent, { body: { version: 1 } });
      expect(accepted).toMatchObject({ version: 1, accepted: true });
      expect(await consent.hasAcceptedCurrentConsent(ada.practiceId, ada.personId)).toBe(true);
      expect(await consent.hasAcceptedCurrentConsent(ada.practiceId, ben.personId)).toBe(false);
      // A person of another practice never counts as accepting this practice's consent.
      expect(
        await consent.hasAcceptedCurrentConsent(elsewhere.coordinator.practiceId, ada.personId),
      ).toBe(false);
    });

    it('makes everyone accept again when a coordinator publishes a new version', async () => {
      const text = `Version two of our consent. ${'We explain how check-ins work. '.repeat(3)}`;
      const short = await practice.coordinator.request('POST', '/api/consent/versions', {
        text: 'too short',
      });
      expect(short.status).toBe(400);
      expect(short.body.error.details.issues[0].path).toBe('text');
      expect(await statusOf(ada.call(clinicalRoutes.publishConsent, { body: { text } }))).toBe(403);
      expect(await statusOf(therapist.call(clinicalRoutes.listConsentVersions))).toBe(403);

      const published = await practice.coordinator.call(clinicalRoutes.publishConsent, {
        body: { text },
      });
      expect(published).toMatchObject({ version: 2, text: text.trim(), acceptances: 0 });
      expect(published.publishedBy?.personId).toBe(practice.coordinator.personId);
      expect(await consent.hasAcceptedCurrentConsent(ada.practiceId, ada.personId)).toBe(false);
      expect(await ada.call(clinicalRoutes.getConsent)).toMatchObject({
        version: 2,
        accepted: false,
      });
      for (const client of [ada, ben, cas]) {
        await client.call(clinicalRoutes.acceptConsent, { body: { version: 2 } });
      }
      expect(await consent.hasAcceptedCurrentConsent(ada.practiceId, ada.personId)).toBe(true);
      const { versions } = await practice.coordinator.call(clinicalRoutes.listConsentVersions);
      expect(versions.map((v) => [v.version, v.acceptances])).toEqual([
        [2, 3],
        [1, 1],
      ]);
      expect(versions[1]!.publishedBy).toBeNull();
    });
  });

  describe('check-in schedule', () => {
    it('is every session by default, and its coordinators and therapists can change it', async () => {
      expect(
        await practice.coordinator.call(clinicalRoutes.getCheckInSchedule, {
          params: { courseId: course.id },
        }),
      ).toEqual({ courseId: course.id, checkInSchedule: 'every_session' });
      expect(
        await coTherapist.call(clinicalRoutes.setCheckInSchedule, {
          params: { courseId: course.id },
          body: { checkInSchedule: 'every_4th' },
        }),
      ).toEqual({ courseId: course.id, checkInSchedule: 'every_4th' });
      const form = await ada.call(clinicalRoutes.getCheckIn, { params: { sessionId: session2 } });
      expect(form.availability).toBe('not_scheduled');
      await therapist.call(clinicalRoutes.setCheckInSchedule, {
        params: { courseId: course.id },
        body: { checkInSchedule: 'every_session' },
      });
      expect(
        (await ada.call(clinicalRoutes.getCheckIn, { params: { sessionId: session2 } }))
          .availability,
      ).toBe('not_yet_open');
    });

    it('is refused to others and names a bad value', async () => {
      const input = {
        params: { courseId: course.id },
        body: { checkInSchedule: 'every_4th' },
      } as const;
      expect(await statusOf(otherTherapist.call(clinicalRoutes.setCheckInSchedule, input))).toBe(
        404,
      );
      expect(await statusOf(ada.call(clinicalRoutes.setCheckInSchedule, input))).toBe(403);
      expect(
        await statusOf(
          elsewhere.coordinator.call(clinicalRoutes.getCheckInSchedule, {
            params: { courseId: course.id },
          }),
        ),
      ).toBe(404);
      const bad = await therapist.request('PUT', `/api/courses/${course.id}/check-in-schedule`, {
        checkInSchedule: 'monthly',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.issues[0]).toMatchObject({
        location: 'body',
        path: 'checkInSchedule',
      });
    });
  });

  describe('check-ins and alerts', () => {
    it('shows a client the check-ins open to them', async () => {
      const tasks = await cas.call(clinicalRoutes.myTasks);
      expect(tasks.consent).toEqual({ version: 2, accepted: true });
      expect(tasks.checkIns).toEqual([
        expect.objectContaining({ sessionId: session1, number: 1, sessionCount: 12 }),
      ]);
      expect(tasks.courses).toEqual([
        { courseId: course.id, courseTitle: 'Thursday group', inventory: 'not_started' },
      ]);
      expect(await statusOf(therapist.call(clinicalRoutes.myTasks))).toBe(403);
    });

    it('scores a check-in, and alerts on PHQ-9 item 9 above 0', async () => {
      const saved = await ada.call(clinicalRoutes.submitCheckIn, {
        params: { sessionId: session1 },
        body: answers(2),
      });
      expect(saved).toMatchObject({
        sessionNumber: 1,
        personId: ada.personId,
        phq9Total: 10,
        phq9Severity: 'moderate',
        gad7Total: 6,
        gad7Severity: 'mild',
        mood: 6,
      });
      await ben.call(clinicalRoutes.submitCheckIn, {
        params: { sessionId: session1 },
        body: answers(0, 0),
      });
      expect(await count(h.db, 'clinical_alert')).toBe(1);
      const form = await ada.call(clinicalRoutes.getCheckIn, { params: { sessionId: session1 } });
      expect(form).toMatchObject({ availability: 'open', number: 1, submitted: { id: saved.id } });
      expect((await ada.call(clinicalRoutes.myTasks)).checkIns).toEqual([]);
    });

    it('refuses a second check-in, a session not open yet, and bad answers, naming them', async () => {
      const again = await ada.request('POST', `/api/sessions/${session1}/check-in`, answers(0));
      expect(again.status).toBe(409);
      expect(again.body.error.details.reason).toBe('check_in_already_submitted');
      const early = await ada.request('POST', `/api/sessions/${session2}/check-in`, answers(0));
      expect(early.status).toBe(409);
      expect(early.body.error.details.reason).toBe('check_in_not_yet_open');
      const bad = await cas.request('POST', `/api/sessions/${session1}/check-in`, {
        phq9: [0, 0, 0, 0, 0, 0, 0, 4],
        gad7: [0, 0, 0, 0, 0, 0, 0],
        mood: 11,
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual([
        'mood',
        'phq9',
        'phq9.7',
      ]);
      expect(await count(h.db, 'check_in')).toBe(2);
    });

    it('keeps a client out of sessions they are not in and of other practices', async () => {
      expect(
        await statusOf(
          outsider.call(clinicalRoutes.getCheckIn, { params: { sessionId: session1 } }),
        ),
      ).toBe(403);
      const stranger = await elsewhere.person('Sam Stranger', ['client']);
      expect(
        await statusOf(
          stranger.call(clinicalRoutes.submitCheckIn, {
            params: { sessionId: session1 },
            body: answers(0),
          }),
        ),
      ).toBe(404);
    });

    it('alerts the course’s therapist and co-therapist, and nobody else', async () => {
      for (const staff of [therapist, coTherapist]) {
        const { alerts } = await staff.call(clinicalRoutes.listAlerts);
        expect(alerts).toEqual([
          expect.objectContaining({
            kind: 'phq9_item9',
            client: { personId: ada.personId, displayName: 'Ada Member' },
            course: { id: course.id, title: 'Thursday group' },
            session: expect.objectContaining({ id: session1, number: 1 }),
            item9Answer: 2,
            acknowledgedAt: null,
          }),
        ]);
        const forSession = await staff.call(clinicalRoutes.sessionAlerts, {
          params: { sessionId: session1 },
        });
        expect(forSession.alerts).toHaveLength(1);
      }
      expect((await otherTherapist.call(clinicalRoutes.listAlerts)).alerts).toEqual([]);
      expect((await outsider.call(clinicalRoutes.listAlerts)).alerts).toEqual([]);
      for (const other of [otherTherapist, outsider]) {
        expect(
          await statusOf(
            other.call(clinicalRoutes.sessionAlerts, { params: { sessionId: session1 } }),
          ),
        ).toBe(404);
      }
      for (const notStaff of [ada, ben, practice.coordinator]) {
        expect(await statusOf(notStaff.call(clinicalRoutes.listAlerts))).toBe(403);
        expect(
          await statusOf(
            notStaff.call(clinicalRoutes.sessionAlerts, { params: { sessionId: session1 } }),
          ),
        ).toBe(403);
      }
      // Nothing a client reads mentions it.
      const adaSees = JSON.stringify([
        await ada.call(clinicalRoutes.getCheckIn, { params: { sessionId: session1 } }),
        await ada.call(clinicalRoutes.myTasks),
      ]);
      expect(adaSees).not.toMatch(/alert|item9/i);
    });

    it('lets a therapist acknowledge an alert; the session still shows it, the list no more', async () => {
      const { alerts } = await therapist.call(clinicalRoutes.listAlerts);
      const alertId = alerts[0]!.id;
      expect(
        await statusOf(
          otherTherapist.call(clinicalRoutes.acknowledgeAlert, { params: { alertId } }),
        ),
      ).toBe(404);
      expect(
        await statusOf(outsider.call(clinicalRoutes.acknowledgeAlert, { params: { alertId } })),
      ).toBe(404);
      const done = await coTherapist.call(clinicalRoutes.acknowledgeAlert, { params: { alertId } });
      expect(done.acknowledgedBy).toEqual({
        personId: coTherapist.personId,
        displayName: 'Cleo Cotherapist',
      });
      expect((await therapist.call(clinicalRoutes.listAlerts)).alerts).toEqual([]);
      expect(
        (await therapist.call(clinicalRoutes.sessionAlerts, { params: { sessionId: session1 } }))
          .alerts[0]?.acknowledgedAt,
      ).not.toBeNull();
    });

    it('gives the therapists each client’s trend, and clients and outsiders nothing', async () => {
      const overview = await therapist.call(clinicalRoutes.courseClinical, {
        params: { courseId: course.id },
      });
      expect(overview).toMatchObject({ sessionCount: 12, checkInSchedule: 'every_session' });
      expect(
        overview.clients.map((c) => [c.displayName, c.consentAccepted, c.checkIns.length]),
      ).toEqual([
        ['Ada Member', true, 1],
        ['Ben Member', true, 1],
        ['Cas Member', true, 0],
      ]);
      expect(overview.clients[0]!.checkIns[0]).toMatchObject({ phq9Total: 10, sessionNumber: 1 });
      expect(overview.clients[0]!.openAlerts).toBe(0);
      expect(
        await statusOf(
          ada.call(clinicalRoutes.courseClinical, { params: { courseId: course.id } }),
        ),
      ).toBe(403);
      for (const other of [otherTherapist, outsider]) {
        expect(
          await statusOf(
            other.call(clinicalRoutes.courseClinical, { params: { courseId: course.id } }),
          ),
        ).toBe(404);
      }
    });
  });

  describe('interpersonal inventory', () => {
    const people = [
      {
        label: 'Mum',
        relation: 'parent' as const,
        closeness: 4,
        support: 3,
        conflicts: 'Argue about visits',
        expectations: 'Weekly call',
      },
      { label: 'J.', relation: 'friend' as const, closeness: 5, support: 5 },
    ];

    it('is filled in by the client and reviewed with the therapist', async () => {
      expect(await ada.call(clinicalRoutes.getInventory, { params: params(ada) })).toMatchObject({
        status: 'not_started',
        people: [],
      });
      const saved = await ada.call(clinicalRoutes.putInventory, {
        params: params(ada),
        body: { people },
      });
      expect(saved).toMatchObject({ status: 'submitted', reviewedAt: null });
      expect(saved.people[1]).toEqual({
        label: 'J.',
        relation: 'friend',
        closeness: 5,
        support: 5,
        conflicts: '',
        expectations: '',
      });
      const seen = await therapist.call(clinicalRoutes.getInventory, { params: params(ada) });
      expect(seen.people).toEqual(saved.people);
      const reviewed = await therapist.call(clinicalRoutes.reviewInventory, {
        params: params(ada),
      });
      expect(reviewed).toMatchObject({
        status: 'reviewed',
        reviewedBy: { personId: therapist.personId },
      });
      // A change after the review needs reviewing again.
      const changed = await ada.call(clinicalRoutes.putInventory, {
        params: params(ada),
        body: { people: people.slice(0, 1) },
      });
      expect(changed).toMatchObject({ status: 'submitted', reviewedAt: null });
      expect((await ada.call(clinicalRoutes.myTasks)).courses[0]!.inventory).toBe('submitted');
    });

    it('cannot be reviewed before it exists, and names bad fields', async () => {
      const early = await therapist.request(
        'POST',
        `/api/courses/${course.id}/clients/${cas.personId}/inventory/review`,
      );
      expect(early.status).toBe(409);
      const bad = await ben.request(
        'PUT',
        `/api/courses/${course.id}/clients/${ben.personId}/inventory`,
        {
          people: [{ label: ' ', relation: 'cousin', closeness: 6, support: 1 }],
        },
      );
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual([
        'people.0.closeness',
        'people.0.label',
        'people.0.relation',
      ]);
    });

    it('is private to the client and the course’s therapists', async () => {
      for (const other of [ben, cas, otherTherapist, outsider]) {
        expect(
          await statusOf(other.call(clinicalRoutes.getInventory, { params: params(ada) })),
        ).toBe(404);
        expect(
          await statusOf(
            other.call(clinicalRoutes.putInventory, { params: params(ada), body: { people } }),
          ),
        ).toBe(404);
      }
      expect(
        await statusOf(
          practice.coordinator.call(clinicalRoutes.getInventory, { params: params(ada) }),
        ),
      ).toBe(403);
      expect(
        await statusOf(ada.call(clinicalRoutes.reviewInventory, { params: params(ada) })),
      ).toBe(403);
      expect(
        (await therapist.call(clinicalRoutes.getInventory, { params: params(ada) })).people,
      ).toHaveLength(1);
    });
  });

  describe('focus, goals and progress', () => {
    it('is set by a therapist and seen by the client, never by another member', async () => {
      const focus = await therapist.call(clinicalRoutes.putFocus, {
        params: params(ada),
        body: {
          areas: [
            { area: 'grief', goals: ['  Talk about the loss with family '] },
            { area: 'role_transitions', goals: ['Return to work', 'Keep one evening free'] },
          ],
        },
      });
      expect(focus.areas[0]).toEqual({ area: 'grief', goals: ['Talk about the loss with family'] });
      expect(focus.updatedBy?.personId).toBe(therapist.personId);
      expect(await ada.call(clinicalRoutes.getFocus, { params: params(ada) })).toEqual(focus);
      expect(await statusOf(ben.call(clinicalRoutes.getFocus, { params: params(ada) }))).toBe(404);
      expect(
        await statusOf(
          ada.call(clinicalRoutes.putFocus, {
            params: params(ada),
            body: { areas: [{ area: 'grief', goals: ['x'] }] },
          }),
        ),
      ).toBe(403);
      const overview = await therapist.call(clinicalRoutes.courseClinical, {
        params: { courseId: course.id },
      });
      expect(overview.clients[0]!.focusAreas).toEqual(['grief', 'role_transitions']);
    });

    it('names a repeated problem area and too many', async () => {
      const repeated = await therapist.request(
        'PUT',
        `/api/courses/${course.id}/clients/${ben.personId}/focus`,
        {
          areas: [
            { area: 'grief', goals: ['a'] },
            { area: 'grief', goals: ['b'] },
          ],
        },
      );
      expect(repeated.status).toBe(400);
      expect(repeated.body.error.details.issues).toEqual([
        expect.objectContaining({ location: 'body', path: 'areas.1.area' }),
      ]);
      const three = await therapist.request(
        'PUT',
        `/api/courses/${course.id}/clients/${ben.personId}/focus`,
        {
          areas: [
            { area: 'grief', goals: ['a'] },
            { area: 'disputes', goals: ['b'] },
            { area: 'deficits', goals: [] },
          ],
        },
      );
      expect(three.status).toBe(400);
      expect(three.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(
        'areas',
      );
    });

    it('records progress per session, seen by the client and not the others', async () => {
      const note = await therapist.call(clinicalRoutes.putProgress, {
        params: { sessionId: session1, personId: ada.personId },
        body: { text: 'Named the loss; first step agreed.' },
      });
      expect(note).toMatchObject({ sessionNumber: 1, author: { personId: therapist.personId } });
      expect(
        (await ada.call(clinicalRoutes.listProgress, { params: params(ada) })).notes.map(
          (n) => n.text,
        ),
      ).toEqual(['Named the loss; first step agreed.']);
      expect(await statusOf(ben.call(clinicalRoutes.listProgress, { params: params(ada) }))).toBe(
        404,
      );
      expect(
        await statusOf(
          ada.call(clinicalRoutes.putProgress, {
            params: { sessionId: session1, personId: ada.personId },
            body: { text: 'x' },
          }),
        ),
      ).toBe(403);
      expect(
        await statusOf(
          otherTherapist.call(clinicalRoutes.putProgress, {
            params: { sessionId: session1, personId: ada.personId },
            body: { text: 'x' },
          }),
        ),
      ).toBe(404);
    });
  });

  describe('therapist notes', () => {
    it('are sealed at rest and read back only by the course’s therapists', async () => {
      const saved = await therapist.call(clinicalRoutes.putNote, {
        params: { sessionId: session1, personId: ada.personId },
        body: { text: noteText },
      });
      expect(saved).toMatchObject({ text: noteText, sessionNumber: 1 });
      const [stored] = (await h.db.query(
        `SELECT key_id, nonce, ciphertext, encode(ciphertext, 'escape') AS as_text
           FROM therapist_note WHERE id = $1`,
        [saved.id],
      )) as { key_id: string; nonce: Buffer; ciphertext: Buffer; as_text: string }[];
      expect(stored!.key_id).toMatch(/^local-[0-9a-f]{8}$/);
      expect(stored!.ciphertext.length).toBe(Buffer.byteLength(noteText) + 16);
      expect(stored!.ciphertext.includes(Buffer.from('funeral'))).toBe(false);
      expect(stored!.as_text).not.toContain('funeral');
      const columns = (await h.db.query(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'therapist_note'`,
      )) as { column_name: string }[];
      expect(columns.map((c) => c.column_name)).not.toContain('text');

      const { notes } = await coTherapist.call(clinicalRoutes.listNotes, { params: params(ada) });
      expect(notes.map((n) => [n.sessionNumber, n.text, n.author.displayName])).toEqual([
        [1, noteText, 'Theo Therapist'],
      ]);
      const edited = await coTherapist.call(clinicalRoutes.putNote, {
        params: { sessionId: session1, personId: ada.personId },
        body: { text: `${noteText} Co-therapist agrees.` },
      });
      expect(edited.id).toBe(saved.id);
      expect(edited.author.personId).toBe(coTherapist.personId);
    });

    it('are never shown to clients, other therapists, coordinators or other practices', async () => {
      for (const client of [ada, ben]) {
        expect(await statusOf(client.call(clinicalRoutes.listNotes, { params: params(ada) }))).toBe(
          403,
        );
        expect(
          await statusOf(
            client.call(clinicalRoutes.putNote, {
              params: { sessionId: session1, personId: ada.personId },
              body: { text: 'x' },
            }),
          ),
        ).toBe(403);
      }
      expect(
        await statusOf(
          practice.coordinator.call(clinicalRoutes.listNotes, { params: params(ada) }),
        ),
      ).toBe(403);
      for (const other of [otherTherapist, outsider]) {
        expect(await statusOf(other.call(clinicalRoutes.listNotes, { params: params(ada) }))).toBe(
          404,
        );
        expect(
          await statusOf(
            other.call(clinicalRoutes.putNote, {
              params: { sessionId: session1, personId: ada.personId },
              body: { text: 'x' },
            }),
          ),
        ).toBe(404);
      }
      // A person who is not a client of the session cannot have a note in it.
      expect(
        await statusOf(
          therapist.call(clinicalRoutes.putNote, {
            params: { sessionId: session1, personId: otherTherapist.personId },
            body: { text: 'x' },
          }),
        ),
      ).toBe(404);
      const empty = await therapist.request(
        'PUT',
        `/api/sessions/${session1}/clients/${ada.personId}/note`,
        { text: '   ' },
      );
      expect(empty.status).toBe(400);
      expect(empty.body.error.details.issues[0]).toMatchObject({ location: 'body', path: 'text' });
    });
  });

  describe('the audit log', () => {
    it('records reads and writes of notes and check-ins: who, what and when only', async () => {
      const rows = (await h.db.query(
        `SELECT actor_id, action, entity, entity_id FROM audit_event
          WHERE practice_id = $1 ORDER BY id`,
        [practice.coordinator.practiceId],
      )) as { actor_id: string; action: string; entity: string; entity_id: string | null }[];
      const has = (actor: Actor, action: string, entityId: string) =>
        rows.some(
          (r) => r.actor_id === actor.personId && r.action === action && r.entity_id === entityId,
        );
      const checkInId = (
        (await h.db.query(`SELECT id FROM check_in WHERE person_id = $1`, [ada.personId])) as {
          id: string;
        }[]
      )[0]!.id;
      const noteId = (
        (await h.db.query(`SELECT id FROM therapist_note WHERE person_id = $1`, [
          ada.personId,
        ])) as {
          id: string;
        }[]
      )[0]!.id;
      expect(has(ada, 'check_in.created', checkInId)).toBe(true);
      expect(has(ada, 'check_in.read', session1)).toBe(true);
      expect(has(therapist, 'clinical_overview.read', course.id)).toBe(true);
      expect(has(therapist, 'therapist_note.written', noteId)).toBe(true);
      expect(has(coTherapist, 'therapist_note.written', noteId)).toBe(true);
      expect(has(coTherapist, 'therapist_note.read', ada.personId)).toBe(true);
      expect(has(ada, 'inventory.updated', ada.personId)).toBe(true);
      expect(has(therapist, 'inventory.read', ada.personId)).toBe(true);
      expect(has(therapist, 'inventory.reviewed', ada.personId)).toBe(true);
      expect(has(therapist, 'focus.updated', ada.personId)).toBe(true);
      expect(
        rows.filter((r) => r.actor_id === ada.personId && r.action === 'consent.accepted'),
      ).toHaveLength(2);
      // Nothing but fixed words and ids: no scores, answers, names or note text.
      for (const row of rows) {
        expect(row.action).toMatch(/^[a-z_]+\.[a-z_]+$/);
        expect(row.entity).toMatch(/^[a-z_]+$/);
        expect(row.action).not.toMatch(/alert_raised|item9|severe/);
      }
      expect(
        rows.filter((r) => r.action.startsWith('clinical_alert')).map((r) => r.actor_id),
      ).not.toContain(ada.personId);
    });

    it('keeps note text, answers and names out of the logs', () => {
      const logs = h.t.logLines.join('\n');
      expect(logs).not.toContain('funeral');
      expect(logs).not.toContain('Ada Member');
      expect(logs).not.toContain('Argue about visits');
      expect(logs).not.toContain('Named the loss');
    });
  });
});
