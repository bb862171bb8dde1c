import { profileRoutes } from '@hearth/contracts';
import {
  type Actor,
  failure,
  type Practice,
  type SchedulingHarness,
  startSchedulingApp,
} from '../testing/scheduling-harness';

const profile = {
  modalities: ['IPT', 'IPT for adolescents (IPT-A)'],
  formats: ['couple', 'group'] as const,
  focusAreas: ['disputes', 'grief'] as const,
  languages: ['en', 'pl'],
  remote: true,
  inPersonLocationIds: [] as string[],
  availability: [
    { weekday: 4, from: '18:00', to: '21:00' },
    { weekday: 1, from: '09:00', to: '12:00' },
  ],
};

describe('therapist profiles', () => {
  let h: SchedulingHarness;
  let practice: Practice;
  let therapist: Actor;
  let colleague: Actor;
  let client: Actor;

  beforeAll(async () => {
    h = await startSchedulingApp();
    practice = await h.practice();
    therapist = await practice.person('Theo Therapist', ['therapist']);
    colleague = await practice.person('Tess Therapist', ['therapist']);
    client = await practice.person('Cal Client', ['client']);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('lets a therapist set their own profile and keeps availability sorted', async () => {
    const saved = await therapist.call(profileRoutes.putProfile, {
      params: { personId: therapist.personId },
      body: { ...profile, formats: [...profile.formats], focusAreas: [...profile.focusAreas] },
    });
    expect(saved).toMatchObject({
      personId: therapist.personId,
      timeZone: 'Europe/London',
      formats: ['couple', 'group'],
      languages: ['en', 'pl'],
      availability: [
        { weekday: 1, from: '09:00', to: '12:00' },
        { weekday: 4, from: '18:00', to: '21:00' },
      ],
    });
    expect(saved.updatedAt).not.toBeNull();
    const read = await therapist.call(profileRoutes.getProfile, {
      params: { personId: therapist.personId },
    });
    expect(read).toEqual(saved);
  });

  it('shows coordinators every therapist, including one who has not filled a profile in', async () => {
    const { therapists } = await practice.coordinator.call(profileRoutes.listTherapists);
    const byName = Object.fromEntries(therapists.map((t) => [t.displayName, t]));
    expect(byName['Theo Therapist']?.formats).toEqual(['couple', 'group']);
    expect(byName['Tess Therapist']).toMatchObject({
      formats: [],
      availability: [],
      updatedAt: null,
    });
    expect(therapists.map((t) => t.displayName)).not.toContain('Cal Client');
  });

  it("keeps a therapist out of a colleague's profile and clients out of all of them", async () => {
    expect(
      (
        await failure(
          colleague.call(profileRoutes.getProfile, { params: { personId: therapist.personId } }),
        )
      ).status,
    ).toBe(404);
    expect((await failure(client.call(profileRoutes.listTherapists))).status).toBe(403);
    const other = await h.practice('Elsewhere');
    expect(
      (
        await failure(
          other.coordinator.call(profileRoutes.getProfile, {
            params: { personId: therapist.personId },
          }),
        )
      ).status,
    ).toBe(404);
  });

  it('refuses bad fields and overlapping windows, changing nothing', async () => {
    const before = await therapist.call(profileRoutes.getProfile, {
      params: { personId: therapist.personId },
    });
    const bad = await therapist.request('PUT', `/api/therapists/${therapist.personId}/profile`, {
      ...profile,
      formats: [],
      languages: ['English'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'formats',
      'languages.0',
    ]);
    const overlap = await therapist.request(
      'PUT',
      `/api/therapists/${therapist.personId}/profile`,
      {
        ...profile,
        availability: [
          { weekday: 2, from: '09:00', to: '12:00' },
          { weekday: 2, from: '11:00', to: '13:00' },
        ],
      },
    );
    expect(overlap.status).toBe(400);
    expect(overlap.body.error.details.issues[0].path).toBe('availability.1');
    expect(
      await therapist.call(profileRoutes.getProfile, { params: { personId: therapist.personId } }),
    ).toEqual(before);
  });
});
