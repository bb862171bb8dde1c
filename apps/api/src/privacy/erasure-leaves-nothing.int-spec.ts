import { randomUUID } from 'node:crypto';
import { clinicalRoutes, identityRoutes, privacyRoutes, schedulingRoutes } from '@hearth/contracts';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { answers, tomorrowInLondon } from '../testing/clinical-fixtures';
import { searchEveryColumn } from '../testing/database-probe';
import {
  type Actor,
  count,
  courseBody,
  type Practice,
  type SchedulingHarness,
  startSchedulingApp,
} from '../testing/scheduling-harness';

// Erasure is proved against the whole database, not against a list of tables someone remembered:
// after it, no text column of any table holds the erased person's email or name. The person has
// been through what leaves traces: an invitation, a course created for them with an
// Idempotency-Key (whose stored response names them), a check-in, a calendar feed, sign-ins.

const name = 'Zephyrine Quillfeather';

describe('erasure leaves nothing', () => {
  let h: SchedulingHarness;
  let practice: Practice;
  let client: Actor;
  let email: string;

  beforeAll(async () => {
    h = await startSchedulingApp();
    practice = await h.practice();
    const therapist = await practice.person('Theo Therapist', ['therapist']);
    client = await practice.person(name, ['client']);
    email = (await client.call(identityRoutes.me)).email;
    const created = await practice.coordinator.request(
      'POST',
      '/api/courses',
      courseBody({
        format: 'individual',
        therapistId: therapist.personId,
        // Tomorrow, so session 1 is open for the check-in.
        startDate: tomorrowInLondon().date,
        weekday: tomorrowInLondon().weekday,
        members: [{ personId: client.personId, relation: 'member', status: 'active' }],
      }),
      { 'idempotency-key': randomUUID() },
    );
    expect(created.status).toBe(201);
    await client.call(clinicalRoutes.acceptConsent, { body: { version: 1 } });
    await client.call(clinicalRoutes.submitCheckIn, {
      params: { sessionId: created.body.sessions[0].id },
      body: answers(0),
    });
    await practice.coordinator.call(schedulingRoutes.updateMember, {
      params: { courseId: created.body.id, memberId: created.body.members[0].id },
      body: { status: 'withdrawn' },
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('leaves the email and name in no text column of any table', async () => {
    const before = await searchEveryColumn(h.db, [email, name]);
    // The probe finds the traces that are there, so its empty answer below means something.
    expect(before.map((f) => f.table)).toEqual(
      expect.arrayContaining(['person', 'invitation', 'idempotency_key']),
    );
    await practice.coordinator.call(privacyRoutes.erasePerson, {
      params: { personId: client.personId },
      body: { reason: 'The client asked to be forgotten' },
    });
    expect(await searchEveryColumn(h.db, [email, name])).toEqual([]);
  });

  it('replays a stored response for 24 hours only, and the sweep deletes older ones', async () => {
    const key = randomUUID();
    // Course creation is idempotent; the stored row is aged by hand, as a day cannot pass here.
    const therapistId = (await practice.person('Tess Therapist', ['therapist'])).personId;
    const first = await practice.coordinator.request(
      'POST',
      '/api/courses',
      courseBody({ therapistId, title: 'First' }),
      { 'idempotency-key': key },
    );
    expect(first.status).toBe(201);
    const changed = courseBody({ therapistId, title: 'Second', startDate: '2027-06-07' });
    const reused = await practice.coordinator.request('POST', '/api/courses', changed, {
      'idempotency-key': key,
    });
    expect(reused.status).toBe(422);
    await h.db.query(
      `UPDATE idempotency_key SET created_at = now() - interval '25 hours' WHERE key = $1`,
      [key],
    );
    const afterADay = await practice.coordinator.request('POST', '/api/courses', changed, {
      'idempotency-key': key,
    });
    expect(afterADay.status).toBe(201);
    expect(afterADay.body.title).toBe('Second');

    await h.db.query(`UPDATE idempotency_key SET created_at = now() - interval '25 hours'`);
    const stored = await count(h.db, 'idempotency_key');
    expect(stored).toBeGreaterThan(0);
    expect(await h.t.app.get(IdempotencyService).sweepExpired()).toBe(stored);
    expect(await count(h.db, 'idempotency_key')).toBe(0);
  });
});
