import { matchingRoutes, practiceRoutes, profileRoutes } from '@hearth/contracts';
import { api } from '@hearth/testing';
import {
  type Actor,
  count,
  failure,
  type Practice,
  type Reply,
  type SchedulingHarness,
  startSchedulingApp,
} from '../testing/scheduling-harness';

// Where a practice sees people in person: coordinators list the places, therapists say where
// they work, the public form offers them, and matching follows the place a requester chose.

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let address = 0;
const nextAddress = () => `172.17.${(address >> 8) & 255}.${(address += 1) & 255}`;

const profile = (inPersonLocationIds: string[], remote: boolean) => ({
  modalities: ['IPT'],
  formats: ['individual' as const],
  focusAreas: ['grief' as const],
  languages: ['en'],
  remote,
  inPersonLocationIds,
  availability: [{ weekday: 2, from: '09:00', to: '17:00' }],
});

describe('practice locations', () => {
  let h: SchedulingHarness;
  let practice: Practice;
  let coordinator: Actor;
  let onSite: Actor;
  let byVideo: Actor;
  let client: Actor;

  const anonymous = (method: string, path: string, body?: unknown): Promise<Reply> =>
    api(h.t.baseUrl, method, path, body, undefined, { 'x-forwarded-for': nextAddress() });
  const form = async () => {
    const reply = await anonymous(
      'GET',
      `/api/practices/${coordinator.practiceId}/therapy-request-form`,
    );
    expect(reply.status).toBe(200);
    return reply.body as { formToken: string; locations: { id: string; name: string }[] };
  };
  const setLocations = (locations: unknown[]) =>
    coordinator.call(practiceRoutes.updateLocations, { body: { locations } as never });
  const issuePaths = (reply: Reply) =>
    (reply.body.error.details.issues as { path: string }[]).map((i) => i.path);

  beforeAll(async () => {
    h = await startSchedulingApp({ THERAPY_REQUEST_MIN_FILL_SECONDS: '1' });
    practice = await h.practice('Pennine IPT');
    coordinator = practice.coordinator;
    onSite = await practice.person('Olu Onsite', ['therapist']);
    byVideo = await practice.person('Vic Video', ['therapist']);
    client = await practice.person('Cal Client', ['client']);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('starts with none: the form then offers video only', async () => {
    expect(await coordinator.call(practiceRoutes.locations)).toEqual({ locations: [] });
    expect((await form()).locations).toEqual([]);
  });

  it('lets coordinators list, rename, reorder and retire locations, each change audited', async () => {
    const first = await setLocations([
      { name: '  Leeds   Wellbeing Centre ', addressLine: '1 Park Row, Leeds LS1 5HN' },
      { name: 'York', timeZone: 'europe/london' },
    ]);
    expect(first.locations).toEqual([
      {
        id: expect.any(String),
        name: 'Leeds Wellbeing Centre',
        addressLine: '1 Park Row, Leeds LS1 5HN',
        timeZone: null,
      },
      { id: expect.any(String), name: 'York', addressLine: null, timeZone: 'Europe/London' },
    ]);
    const [leeds, york] = first.locations;
    // Swap the names in one edit, and put York first.
    const swapped = await setLocations([
      { id: york!.id, name: 'Leeds Wellbeing Centre' },
      { id: leeds!.id, name: 'York', addressLine: null },
    ]);
    expect(swapped.locations.map((l) => [l.id, l.name])).toEqual([
      [york!.id, 'Leeds Wellbeing Centre'],
      [leeds!.id, 'York'],
    ]);
    const audited = await h.db.query(
      `SELECT action, count(*)::int AS n FROM audit_event
        WHERE entity = 'practice_location' AND actor_id = $1 GROUP BY action ORDER BY action`,
      [coordinator.personId],
    );
    expect(audited).toEqual([
      { action: 'practice_location.added', n: 2 },
      { action: 'practice_location.updated', n: 2 },
    ]);
    // Back to the original names for the rest of the story.
    await setLocations([
      { id: leeds!.id, name: 'Leeds Wellbeing Centre', addressLine: '1 Park Row, Leeds LS1 5HN' },
      { id: york!.id, name: 'York' },
    ]);
  });

  it('refuses names people could not tell apart, text that breaks the text rule, and foreign ids', async () => {
    const same = await coordinator.request('PUT', '/api/practice/locations', {
      locations: [{ name: 'Leeds' }, { name: 'LEEDS ' }],
    });
    expect(same.status).toBe(400);
    expect(issuePaths(same)).toEqual(['locations.1.name']);
    const hostile = await coordinator.request('PUT', '/api/practice/locations', {
      locations: [{ name: 'Leeds\u202Eevil' }, { name: '\u200B' }, { name: 'x'.repeat(81) }],
    });
    expect(hostile.status).toBe(400);
    expect(issuePaths(hostile).sort()).toEqual([
      'locations.0.name',
      'locations.1.name',
      'locations.2.name',
    ]);
    const other = await h.practice('Elsewhere');
    const theirs = await other.coordinator.call(practiceRoutes.updateLocations, {
      body: { locations: [{ name: 'Their place' }] },
    });
    const foreign = await coordinator.request('PUT', '/api/practice/locations', {
      locations: [{ id: theirs.locations[0]!.id, name: 'Mine now' }],
    });
    expect(foreign.status).toBe(400);
    expect(issuePaths(foreign)).toEqual(['locations.0.id']);
    // Nothing changed on either side.
    expect((await coordinator.call(practiceRoutes.locations)).locations.map((l) => l.name)).toEqual(
      ['Leeds Wellbeing Centre', 'York'],
    );
    expect((await other.coordinator.call(practiceRoutes.locations)).locations).toHaveLength(1);
  });

  it('lets therapists read the list but only coordinators change it', async () => {
    expect((await onSite.call(practiceRoutes.locations)).locations).toHaveLength(2);
    expect(
      (await failure(onSite.call(practiceRoutes.updateLocations, { body: { locations: [] } })))
        .status,
    ).toBe(403);
    expect((await failure(client.call(practiceRoutes.locations))).status).toBe(403);
  });

  it('lets a therapist say where they see people, from the practice’s locations only', async () => {
    const [leeds] = (await coordinator.call(practiceRoutes.locations)).locations;
    const saved = await onSite.call(profileRoutes.putProfile, {
      params: { personId: onSite.personId },
      body: profile([leeds!.id], false),
    });
    expect(saved.inPersonLocationIds).toEqual([leeds!.id]);
    await byVideo.call(profileRoutes.putProfile, {
      params: { personId: byVideo.personId },
      body: profile([], true),
    });
    const elsewhere = await (
      await h.practice('Far away')
    ).coordinator.call(practiceRoutes.updateLocations, {
      body: { locations: [{ name: 'Far place' }] },
    });
    const refused = await onSite.request('PUT', `/api/therapists/${onSite.personId}/profile`, {
      ...profile([leeds!.id, elsewhere.locations[0]!.id], false),
    });
    expect(refused.status).toBe(400);
    expect(issuePaths(refused)).toEqual(['inPersonLocationIds.1']);
  });

  it('offers the locations on the form and matches in person by the location chosen', async () => {
    const { formToken, locations } = await form();
    expect(locations.map((l) => l.name)).toEqual(['Leeds Wellbeing Centre', 'York']);
    const [leeds, york] = locations;
    const { formToken: second } = await form();
    const { formToken: third } = await form();
    const { formToken: fourth } = await form();
    await wait(1_100);
    const body = (overrides: Record<string, unknown>) => ({
      name: 'Robin Requester',
      email: 'robin@example.org',
      concern: 'Since my mother died I cannot settle.',
      focusAreas: ['grief'],
      format: 'individual',
      languages: ['en'],
      timeZone: 'Europe/London',
      availability: [{ weekday: 2, from: '10:00', to: '12:00' }],
      consent: true,
      ...overrides,
    });
    const submit = (payload: unknown) =>
      anonymous('POST', `/api/practices/${coordinator.practiceId}/therapy-requests`, payload);

    // In person needs a location, and one of this practice's.
    const missing = await submit(body({ setting: 'in_person', formToken }));
    expect(missing.status).toBe(400);
    expect(issuePaths(missing)).toEqual(['locationId']);
    const unknown = await submit(
      body({ setting: 'in_person', locationId: '00000000-0000-4000-8000-000000000000', formToken }),
    );
    expect(unknown.status).toBe(400);
    expect(issuePaths(unknown)).toEqual(['locationId']);

    const inLeeds = await submit(body({ setting: 'in_person', locationId: leeds!.id, formToken }));
    expect(inLeeds.status).toBe(201);
    const inYork = await submit(
      body({ setting: 'in_person', locationId: york!.id, formToken: second }),
    );
    expect(inYork.status).toBe(201);
    const either = await submit(
      body({ setting: 'either', locationId: york!.id, formToken: third }),
    );
    expect(either.status).toBe(201);

    const { requests } = await coordinator.call(matchingRoutes.listRequests, { query: {} });
    const byReference = async (reference: string) => {
      const [row] = await h.db.query(`SELECT id FROM therapy_request WHERE reference = $1`, [
        reference,
      ]);
      return coordinator.call(matchingRoutes.getRequest, {
        params: { requestId: (row as { id: string }).id },
      });
    };
    expect(requests.map((r) => r.location?.name).sort()).toEqual([
      'Leeds Wellbeing Centre',
      'York',
      'York',
    ]);
    const leedsRequest = await byReference(inLeeds.body.reference);
    expect(leedsRequest.location).toEqual({ id: leeds!.id, name: 'Leeds Wellbeing Centre' });
    expect(leedsRequest.matches.map((m) => m.therapist.displayName)).toEqual(['Olu Onsite']);
    expect(leedsRequest.matches[0]?.reasons).toContain('in person at Leeds Wellbeing Centre');
    // Nobody sees people in York: in person there finds no therapist; either way finds the
    // therapist who works by video.
    expect((await byReference(inYork.body.reference)).matches).toEqual([]);
    expect(
      (await byReference(either.body.reference)).matches.map((m) => m.therapist.displayName),
    ).toEqual(['Vic Video']);

    // Leeds taken off the list: the request keeps its name, nobody is matched there now, the
    // therapist's link to it goes, and the form no longer offers it.
    await setLocations([{ id: york!.id, name: 'York' }]);
    const retired = await byReference(inLeeds.body.reference);
    expect(retired.location).toEqual({ id: leeds!.id, name: 'Leeds Wellbeing Centre' });
    expect(retired.matches).toEqual([]);
    expect(
      (await onSite.call(profileRoutes.getProfile, { params: { personId: onSite.personId } }))
        .inPersonLocationIds,
    ).toEqual([]);
    expect((await form()).locations.map((l) => l.name)).toEqual(['York']);
    const late = await submit(
      body({ setting: 'in_person', locationId: leeds!.id, formToken: fourth }),
    );
    expect(late.status).toBe(400);
    expect(issuePaths(late)).toEqual(['locationId']);
    expect(
      await count(h.db, 'audit_event', `action = 'practice_location.retired' AND entity_id = $1`, [
        leeds!.id,
      ]),
    ).toBe(1);
    // A new location may take the retired one's name again.
    const again = await setLocations([
      { id: york!.id, name: 'York' },
      { name: 'Leeds Wellbeing Centre' },
    ]);
    expect(again.locations[1]?.id).not.toBe(leeds!.id);
  });
});
