import {
  calendarRoutes,
  clinicalRoutes,
  type CourseDetail,
  identityRoutes,
  privacyRoutes,
  schedulingRoutes,
} from '@hearth/contracts';
import { answers, groupCourse } from '../testing/clinical-fixtures';
import {
  type Actor,
  type Json,
  type Practice,
  type SchedulingHarness,
  count,
  failure,
  startSchedulingApp,
} from '../testing/scheduling-harness';

// A person's copy of their data and erasure, through real HTTP on the real PostgreSQL: a group
// course of three clients (Ada, Ben, Cas) run by a therapist and a co-therapist, Ada with a
// check-in, a progress note, a calendar feed and consent, and a second practice.

const password = 'a long enough passphrase';

describe('privacy: export and erasure', () => {
  let h: SchedulingHarness;
  let practice: Practice;
  let therapist: Actor;
  let ada: Actor;
  let ben: Actor;
  let course: CourseDetail;
  let outsider: Actor;
  let adaEmail: string;

  const exportOf = (caller: Actor, personId: string) =>
    caller.call(privacyRoutes.exportPerson, { params: { personId } });
  const erase = (caller: Actor, personId: string, reason = 'The client asked to be forgotten') =>
    caller.call(privacyRoutes.erasePerson, { params: { personId }, body: { reason } });

  beforeAll(async () => {
    h = await startSchedulingApp();
    practice = await h.practice();
    therapist = await practice.person('Theo Therapist', ['therapist']);
    const coTherapist = await practice.person('Cleo Cotherapist', ['therapist']);
    ada = await practice.person('Ada Lovelace', ['client']);
    ben = await practice.person('Ben Member', ['client']);
    const cas = await practice.person('Cas Member', ['client']);
    course = await groupCourse(practice, { therapist, coTherapist, clients: [ada, ben, cas] });
    const session1 = course.sessions[0]!.id;
    await ada.call(clinicalRoutes.acceptConsent, { body: { version: 1 } });
    await ada.call(clinicalRoutes.submitCheckIn, {
      params: { sessionId: session1 },
      body: answers(0),
    });
    await therapist.call(clinicalRoutes.putProgress, {
      params: { sessionId: session1, personId: ada.personId },
      body: { text: 'Named the dispute with her sister and one goal for it.' },
    });
    await ada.call(calendarRoutes.createFeed);
    adaEmail = (await ada.call(identityRoutes.me)).email;
    outsider = (await h.practice('Elsewhere IPT')).coordinator;
  });

  afterAll(async () => {
    await h?.close();
  });

  describe('export', () => {
    it('gives a person everything about them, clinical contents included', async () => {
      const data: Json = await exportOf(ada, ada.personId);
      expect(data.requestedBy).toBe('self');
      expect(data.person).toMatchObject({
        id: ada.personId,
        email: adaEmail,
        displayName: 'Ada Lovelace',
        roles: ['client'],
        hasPassword: true,
        erased: false,
      });
      expect(data.practice.id).toBe(ada.practiceId);
      expect(data.signInSessions.length).toBeGreaterThan(0);
      expect(data.invitations).toEqual([
        expect.objectContaining({ email: adaEmail, displayName: 'Ada Lovelace' }),
      ]);
      expect(data.calendarFeed).not.toBeNull();
      expect(data.rosters).toEqual([
        expect.objectContaining({
          courseId: course.id,
          courseTitle: course.title,
          status: 'active',
        }),
      ]);
      expect(data.bookings).toHaveLength(course.sessions.length);
      expect(data.clinical.contentIncluded).toBe(true);
      expect(data.clinical.counts).toMatchObject({
        consentAcceptances: 1,
        checkIns: 1,
        progressNotes: 1,
        therapistNotes: 0,
      });
      expect(data.clinical.checkIns[0]).toMatchObject({ phq9: answers(0).phq9, mood: 6 });
      expect(data.clinical.progressNotes[0].text).toContain('dispute with her sister');
      expect(data.activity.map((a: Json) => a.action)).toContain('check_in.created');
      // Secrets are never part of a copy, not even their hashes.
      expect(JSON.stringify(data)).not.toMatch(/argon2|\$2[aby]\$|token_?hash|password_?hash/i);
    });

    it("gives a coordinator the person's data with clinical records counted, not shown", async () => {
      const data: Json = await exportOf(practice.coordinator, ada.personId);
      expect(data.requestedBy).toBe('coordinator');
      expect(data.person.email).toBe(adaEmail);
      expect(data.clinical.contentIncluded).toBe(false);
      expect(data.clinical.counts.checkIns).toBe(1);
      expect(data.clinical.checkIns).toBeUndefined();
      expect(JSON.stringify(data)).not.toContain('dispute with her sister');
    });

    it('is a download that no cache keeps, and is audited', async () => {
      const before = await count(h.db, 'audit_event', `action = 'person.exported'`);
      const reply = await practice.coordinator.request('GET', `/api/people/${ben.personId}/export`);
      expect(reply.status).toBe(200);
      expect(reply.headers.get('cache-control')).toBe('no-store');
      expect(reply.headers.get('content-disposition')).toContain('attachment');
      expect(
        await count(h.db, 'audit_event', `action = 'person.exported' AND entity_id = $1`, [
          ben.personId,
        ]),
      ).toBe(1);
      expect(await count(h.db, 'audit_event', `action = 'person.exported'`)).toBe(before + 1);
    });

    it('is not found for anyone else: another client, a therapist, another practice', async () => {
      for (const caller of [ben, therapist, outsider]) {
        expect((await failure(exportOf(caller, ada.personId))).status).toBe(404);
      }
      // …while everyone gets their own copy.
      expect((await exportOf(outsider, outsider.personId)).person.id).toBe(outsider.personId);
    });
  });

  describe('erasure', () => {
    it('is for coordinators only, and never of themselves', async () => {
      expect((await failure(erase(therapist, ada.personId))).status).toBe(403);
      expect((await failure(erase(ada, ada.personId))).status).toBe(403);
      const self = await failure(erase(practice.coordinator, practice.coordinator.personId));
      expect(self.status).toBe(409);
      expect((await failure(erase(outsider, ada.personId))).status).toBe(404);
    });

    it('is refused while the person still takes part in upcoming sessions', async () => {
      for (const person of [ada, therapist]) {
        const refused = await failure(erase(practice.coordinator, person.personId));
        expect(refused.status).toBe(409);
        expect(refused.details).toEqual({ courseIds: [course.id] });
      }
      expect(await count(h.db, 'clinical_restriction')).toBe(0);
    });

    it('replaces name, email and password, ends every sign-in, and restricts clinical records with the reason', async () => {
      const member = course.members.find((m) => m.personId === ada.personId)!;
      await practice.coordinator.call(schedulingRoutes.updateMember, {
        params: { courseId: course.id, memberId: member.id },
        body: { status: 'withdrawn' },
      });
      const checkInsBefore = await count(h.db, 'check_in', 'person_id = $1', [ada.personId]);

      const result = await erase(practice.coordinator, ada.personId, 'Asked to be forgotten');
      expect(result).toMatchObject({
        personId: ada.personId,
        displayName: 'Erased person',
        restriction: {
          reason: 'Asked to be forgotten',
          restrictedBy: practice.coordinator.personId,
        },
      });

      const [person] = await h.db.query(
        `SELECT email, display_name, password_hash, disabled_at FROM person WHERE id = $1`,
        [ada.personId],
      );
      expect(person.email).toBe(`erased-${ada.personId}@erased.invalid`);
      expect(person.display_name).toBe('Erased person');
      expect(person.password_hash).toBeNull();
      expect(person.disabled_at).not.toBeNull();
      for (const table of ['refresh_token', 'calendar_feed', 'reminder', 'idempotency_key']) {
        expect(await count(h.db, table, 'person_id = $1', [ada.personId])).toBe(0);
      }
      expect(await count(h.db, 'invitation', 'email = $1', [adaEmail])).toBe(0);
      expect(await count(h.db, 'invitation', `display_name = 'Ada Lovelace'`)).toBe(0);
      // Clinical records stay, restricted; the reason is on an append-only row the audit names.
      expect(await count(h.db, 'check_in', 'person_id = $1', [ada.personId])).toBe(checkInsBefore);
      const [restriction] = await h.db.query(
        `SELECT id, reason FROM clinical_restriction WHERE person_id = $1`,
        [ada.personId],
      );
      expect(restriction.reason).toBe('Asked to be forgotten');
      expect(
        await count(
          h.db,
          'audit_event',
          `action = 'clinical.restricted' AND entity = 'clinical_restriction' AND entity_id = $1 AND actor_id = $2`,
          [restriction.id, practice.coordinator.personId],
        ),
      ).toBe(1);
      expect(
        await count(h.db, 'audit_event', `action = 'person.erased' AND entity_id = $1`, [
          ada.personId,
        ]),
      ).toBe(1);
      // The therapists can no longer change what is kept.
      const progress = await therapist.request(
        'PUT',
        `/api/sessions/${course.sessions[0]!.id}/clients/${ada.personId}/progress`,
        { text: 'A later note' },
      );
      expect(progress.status).toBe(409);
      expect(progress.body.error.message).toBe('This person’s clinical records are restricted');
      await expect(
        h.db.query(`UPDATE clinical_restriction SET reason = 'changed' WHERE id = $1`, [
          restriction.id,
        ]),
      ).rejects.toThrow(/append-only/);
    });

    it('leaves the person unable to sign in, and shows the placeholder where their name was', async () => {
      const login = await fetch(`${h.t.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.200.0.1' },
        body: JSON.stringify({ email: adaEmail, password }),
      });
      expect(login.status).toBe(401);
      // Her access token is refused wherever the account is looked up.
      expect((await failure(ada.call(identityRoutes.me))).status).toBe(401);
      const detail = await practice.coordinator.call(schedulingRoutes.getCourse, {
        params: { courseId: course.id },
      });
      const names = detail.members.map((m) => m.displayName);
      expect(names).toContain('Erased person');
      expect(names).not.toContain('Ada Lovelace');
    });

    it('shows in the coordinator export and cannot be repeated', async () => {
      const data: Json = await exportOf(practice.coordinator, ada.personId);
      expect(data.person).toMatchObject({ erased: true, hasPassword: false });
      expect(data.clinical.restriction.reason).toBe('Asked to be forgotten');
      expect(JSON.stringify(data)).not.toContain('Ada Lovelace');
      expect((await failure(erase(practice.coordinator, ada.personId))).status).toBe(409);
    });
  });
});
