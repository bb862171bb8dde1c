import { agendaRoutes, schedulingRoutes } from '@hearth/contracts';
import {
  courseBody,
  failure,
  startSchedulingApp,
  type Actor,
  type SchedulingHarness,
} from '../testing/scheduling-harness';

let h: SchedulingHarness;
let therapist: Actor;
let coordinator: Actor;
let ana: Actor;
let ben: Actor;
let outsider: Actor;
let foreignTherapist: Actor;
let sessions: { id: string; number: number }[];

beforeAll(async () => {
  h = await startSchedulingApp();
  const p = await h.practice();
  coordinator = p.coordinator;
  therapist = await p.person('Dr Okafor', ['therapist']);
  ana = await p.person('Ana', ['client']);
  ben = await p.person('Ben', ['client']);
  outsider = await p.person('Olu', ['client']);
  const course = await coordinator.call(schedulingRoutes.createCourse, {
    body: courseBody({
      therapistId: therapist.personId,
      sessionCount: 16,
      focusAreas: ['disputes', 'grief'],
      members: [
        { personId: ana.personId, relation: 'partner', status: 'active' },
        { personId: ben.personId, relation: 'partner' },
      ],
    }),
  });
  sessions = course.sessions;
  const other = await h.practice('Elsewhere');
  foreignTherapist = await other.person('Dr Lee', ['therapist']);
}, 60_000);

afterAll(() => h.close());

const agendaOf = (actor: Actor, n: number) =>
  actor.call(agendaRoutes.getAgenda, { params: { sessionId: sessions[n - 1]!.id } });

describe('session agendas', () => {
  it('start from the IPT template of the session’s phase, fitted to its length', async () => {
    const first = await agendaOf(therapist, 1);
    expect(first.items.map((i) => i.title)).toContain('The sick role');
    expect(first.items.reduce((sum, i) => sum + i.minutes, 0)).toBe(50);
    expect(first.durationMinutes).toBe(50);
    expect(first.progress).toMatchObject({ startedAt: null, currentItemId: null });
    const sixth = await agendaOf(therapist, 6);
    expect(sixth.items.map((i) => i.title)).toEqual(
      expect.arrayContaining([
        'Work on the dispute: stage, expectations, options',
        'Work on grief: the relationship and the loss, re-engaging with others',
      ]),
    );
    const last = await agendaOf(therapist, 16);
    expect(last.items.at(-1)).toMatchObject({ title: 'Goodbye round', goRound: true });
  });

  it('is visible to the course’s clients (invited too) and coordinators, not to others', async () => {
    expect((await agendaOf(ana, 2)).items.length).toBeGreaterThan(0);
    expect((await agendaOf(ben, 2)).items.length).toBeGreaterThan(0);
    expect((await agendaOf(coordinator, 2)).items.length).toBeGreaterThan(0);
    expect((await failure(agendaOf(outsider, 2))).status).toBe(404);
    expect((await failure(agendaOf(foreignTherapist, 2))).status).toBe(404);
  });

  it('is edited by the therapist, checked against the session length, and kept', async () => {
    const sessionId = sessions[2]!.id;
    const items = [
      { id: 'a', title: '  Check-in  ', minutes: 10, goRound: true },
      { id: 'b', title: 'Inventory: Ana’s sister', minutes: 40, goRound: false },
    ];
    const saved = await therapist.call(agendaRoutes.putAgenda, {
      params: { sessionId },
      body: { items },
    });
    expect(saved.items[0]).toEqual({ id: 'a', title: 'Check-in', minutes: 10, goRound: true });
    expect((await agendaOf(ana, 3)).items.map((i) => i.title)).toEqual([
      'Check-in',
      'Inventory: Ana’s sister',
    ]);

    const tooLong = await therapist.request('PUT', `/api/sessions/${sessionId}/agenda`, {
      items: [...items, { id: 'c', title: 'More', minutes: 5, goRound: false }],
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toBe('The agenda is not valid');
    expect(tooLong.body.error.details.issues).toEqual([
      expect.objectContaining({ path: 'items', message: expect.stringContaining('55 minutes') }),
    ]);
    const malformed = await therapist.request('PUT', `/api/sessions/${sessionId}/agenda`, {
      items: [{ id: 'a b', title: '', minutes: 0, goRound: 'yes' }],
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.issues.map((i: { path: string }) => i.path)).toEqual([
      'items.0.id',
      'items.0.title',
      'items.0.minutes',
      'items.0.goRound',
    ]);
    expect((await agendaOf(ana, 3)).items).toHaveLength(2);
  });

  it('cannot be edited by clients, coordinators or another practice', async () => {
    const path = `/api/sessions/${sessions[3]!.id}/agenda`;
    const body = { items: [{ id: 'x', title: 'Mine', minutes: 5, goRound: false }] };
    expect((await ana.request('PUT', path, body)).status).toBe(403);
    expect((await coordinator.request('PUT', path, body)).status).toBe(403);
    expect((await foreignTherapist.request('PUT', path, body)).status).toBe(404);
    expect((await agendaOf(therapist, 4)).items.map((i) => i.id)).not.toContain('x');
  });
});
