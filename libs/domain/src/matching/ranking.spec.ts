import {
  rankMatches,
  therapistCaseloadLimit,
  type GroupCandidate,
  type MatchRequest,
  type TherapistCandidate,
} from './ranking';

const asOf = new Date('2026-03-02T09:00:00Z'); // a Monday
const leeds = { id: 'loc-leeds', name: 'Leeds Wellbeing Centre' };
const york = { id: 'loc-york', name: 'York' };

const request: MatchRequest = {
  format: 'couple',
  focusAreas: ['disputes'],
  setting: 'remote',
  location: null,
  languages: ['en'],
  timeZone: 'Europe/London',
  availability: [
    { weekday: 1, from: '18:00', to: '21:00' },
    { weekday: 3, from: '18:00', to: '21:00' },
    { weekday: 4, from: '19:00', to: '21:00' },
  ],
};

function therapist(
  overrides: Partial<TherapistCandidate> & { personId: string },
): TherapistCandidate {
  return {
    displayName: `Therapist ${overrides.personId}`,
    timeZone: 'Europe/London',
    formats: ['couple'],
    focusAreas: ['disputes'],
    languages: ['en'],
    remote: true,
    inPersonLocationIds: [],
    availability: request.availability,
    caseload: 0,
    ...overrides,
  };
}

const ids = (matches: readonly { kind: string; therapistId?: string; courseId?: string }[]) =>
  matches.map((m) => (m.kind === 'group' ? m.courseId : m.therapistId));

describe('rankMatches: therapists', () => {
  it('explains a match in words a coordinator can read', () => {
    const [match] = rankMatches(
      request,
      { therapists: [therapist({ personId: 'a' })], groups: [] },
      asOf,
    );
    expect(match).toMatchObject({
      kind: 'therapist',
      rank: 1,
      score: 100,
      suggestedSlot: { weekday: 1, localTime: '18:00' },
      cautions: [],
    });
    expect(match?.reasons).toEqual([
      'runs couple IPT',
      'works with interpersonal disputes',
      '3 shared evening slots a week',
      'sees clients remotely',
      'speaks English',
      'no current courses',
    ]);
  });

  it('leaves out whoever fails a hard filter', () => {
    const matches = rankMatches(
      request,
      {
        therapists: [
          therapist({ personId: 'ok' }),
          therapist({ personId: 'no-couples', formats: ['individual', 'group'] }),
          therapist({ personId: 'polish-only', languages: ['pl'] }),
          therapist({ personId: 'leeds-only', remote: false, inPersonLocationIds: [leeds.id] }),
          therapist({ personId: 'full', caseload: therapistCaseloadLimit }),
        ],
        groups: [],
      },
      asOf,
    );
    expect(ids(matches)).toEqual(['ok']);
  });

  it('honours in person at the chosen location, and prefers both ways for someone who can do either', () => {
    const therapists = [
      therapist({ personId: 'remote' }),
      therapist({ personId: 'leeds', remote: false, inPersonLocationIds: [leeds.id] }),
      therapist({ personId: 'both', inPersonLocationIds: [york.id, leeds.id] }),
      therapist({ personId: 'york', remote: false, inPersonLocationIds: [york.id] }),
    ];
    const inLeeds = rankMatches(
      { ...request, setting: 'in_person', location: leeds },
      { therapists, groups: [] },
      asOf,
    );
    // Only those who see people at that location: not at another one, not by video only.
    expect(ids(inLeeds).sort()).toEqual(['both', 'leeds']);
    expect(inLeeds.find((m) => m.therapistId === 'leeds')?.reasons).toContain(
      'in person at Leeds Wellbeing Centre',
    );
    const either = rankMatches(
      { ...request, setting: 'either', location: leeds },
      { therapists, groups: [] },
      asOf,
    );
    expect(ids(either)[0]).toBe('both');
    expect(either[0]?.reasons).toContain('remote or in person at Leeds Wellbeing Centre');
    expect(ids(either).sort()).toEqual(['both', 'leeds', 'remote']);
    // By video only: whoever sees people remotely, wherever else they work.
    expect(ids(rankMatches(request, { therapists, groups: [] }, asOf)).sort()).toEqual([
      'both',
      'remote',
    ]);
  });

  it('finds nobody in person when the chosen location is no longer offered', () => {
    const therapists = [
      therapist({ personId: 'remote' }),
      therapist({ personId: 'leeds', remote: false, inPersonLocationIds: [leeds.id] }),
    ];
    expect(
      rankMatches(
        { ...request, setting: 'in_person', location: null },
        { therapists, groups: [] },
        asOf,
      ),
    ).toEqual([]);
    expect(
      ids(
        rankMatches(
          { ...request, setting: 'either', location: null },
          { therapists, groups: [] },
          asOf,
        ),
      ),
    ).toEqual(['remote']);
  });

  it('matches a regional language tag with its base language', () => {
    const matches = rankMatches(
      { ...request, languages: ['pt-BR'] },
      { therapists: [therapist({ personId: 'pt', languages: ['pt'] })], groups: [] },
      asOf,
    );
    expect(matches[0]?.reasons).toContain('speaks Brazilian Portuguese');
  });

  it('scores focus expertise, shared times and caseload', () => {
    const matches = rankMatches(
      { ...request, focusAreas: ['disputes', 'grief'] },
      {
        therapists: [
          therapist({ personId: 'busy', focusAreas: ['disputes', 'grief'], caseload: 10 }),
          therapist({ personId: 'half', focusAreas: ['disputes'] }),
          therapist({
            personId: 'mornings',
            focusAreas: ['disputes', 'grief'],
            availability: [{ weekday: 2, from: '09:00', to: '12:00' }],
          }),
        ],
        groups: [],
      },
      asOf,
    );
    // busy: 30 + 30 + 10 + 20 = 90; half: 15 + 30 + 20 + 20 = 85; mornings: 30 + 0 + 20 + 20 = 70.
    expect(matches.map((m) => [m.kind === 'therapist' ? m.therapistId : '', m.score])).toEqual([
      ['busy', 90],
      ['half', 85],
      ['mornings', 70],
    ]);
    expect(matches[1]?.cautions).toEqual(['no focus on grief and loss']);
    expect(matches[2]?.cautions).toContain('no shared times this week');
    expect(matches[0]?.reasons).toContain('10 current courses');
  });

  it('counts shared times across time zones and names the part of the day', () => {
    const [match] = rankMatches(
      request,
      {
        therapists: [
          // New York afternoons are London evenings (5 hours ahead in early March).
          therapist({
            personId: 'ny',
            timeZone: 'America/New_York',
            availability: [
              { weekday: 1, from: '13:00', to: '15:00' },
              { weekday: 3, from: '08:00', to: '10:00' },
            ],
          }),
        ],
        groups: [],
      },
      asOf,
    );
    expect(match?.reasons).toContain('1 shared evening slot a week');
    expect(match?.score).toBe(30 + 10 + 20 + 20);
  });

  it('breaks ties by fewer current courses, then name, then id — whatever order they come in', () => {
    // All score 80 for someone who can be seen either way: the busy one loses 5 points for
    // caseload and gains them back for offering both remote and the location asked for.
    const tied = [
      therapist({
        personId: 'busy',
        displayName: 'Aaron',
        caseload: 5,
        inPersonLocationIds: [leeds.id],
      }),
      therapist({ personId: 'b2', displayName: 'Bea' }),
      therapist({ personId: 'b1', displayName: 'Bea' }),
      therapist({ personId: 'a9', displayName: 'Ada' }),
    ];
    const tiedRequest: MatchRequest = {
      ...request,
      focusAreas: [],
      setting: 'either',
      location: leeds,
    };
    const once = rankMatches(tiedRequest, { therapists: tied, groups: [] }, asOf);
    const reversed = rankMatches(
      tiedRequest,
      { therapists: [...tied].reverse(), groups: [] },
      asOf,
    );
    expect(once.map((m) => m.score)).toEqual([80, 80, 80, 80]);
    expect(ids(once)).toEqual(['a9', 'b1', 'b2', 'busy']);
    expect(ids(reversed)).toEqual(ids(once));
    expect(once.map((m) => m.rank)).toEqual([1, 2, 3, 4]);
  });

  it('ranks groups only for a group request', () => {
    expect(
      rankMatches(
        { ...request, format: 'group' },
        { therapists: [therapist({ personId: 'a', formats: ['group'] })], groups: [] },
        asOf,
      ),
    ).toEqual([]);
  });
});

describe('rankMatches: groups', () => {
  const groupRequest: MatchRequest = { ...request, format: 'group', focusAreas: ['grief'] };
  const group = (overrides: Partial<GroupCandidate> & { courseId: string }): GroupCandidate => ({
    title: `Group ${overrides.courseId}`,
    therapistId: 't',
    therapistName: 'Theo',
    focusAreas: ['grief'],
    languages: ['en'],
    // Wednesday 4 March 2026, 18:00 London (GMT).
    firstSessionAt: new Date('2026-03-04T18:00:00Z'),
    durationMinutes: 90,
    maxMembers: 9,
    heldPlaces: 4,
    ...overrides,
  });

  it('explains a group match: focus, time on the requester’s clock, start and places', () => {
    const [match] = rankMatches(
      groupRequest,
      { therapists: [], groups: [group({ courseId: 'g' })] },
      asOf,
    );
    expect(match).toMatchObject({
      kind: 'group',
      courseId: 'g',
      placesLeft: 5,
      score: 100,
      cautions: [],
    });
    expect(match?.reasons).toEqual([
      'runs group IPT',
      'focuses on grief and loss',
      'meets Wednesdays at 18:00 your time, inside your availability',
      'starts 4 March 2026',
      'speaks English',
      '5 of 9 places left',
    ]);
  });

  it('leaves out groups that started, groups in another language, and any group for in-person only', () => {
    const groups = [
      group({ courseId: 'ok' }),
      group({ courseId: 'started', firstSessionAt: new Date('2026-03-01T18:00:00Z') }),
      group({ courseId: 'polish', languages: ['pl'] }),
    ];
    expect(ids(rankMatches(groupRequest, { therapists: [], groups }, asOf))).toEqual(['ok']);
    expect(
      rankMatches(
        { ...groupRequest, setting: 'in_person', location: leeds },
        { therapists: [], groups },
        asOf,
      ),
    ).toEqual([]);
  });

  it('keeps a full group as a waitlist place, below one with room', () => {
    const matches = rankMatches(
      groupRequest,
      {
        therapists: [],
        groups: [group({ courseId: 'full', heldPlaces: 9 }), group({ courseId: 'room' })],
      },
      asOf,
    );
    expect(ids(matches)).toEqual(['room', 'full']);
    expect(matches[1]?.cautions).toEqual(['full: would join the waitlist']);
  });

  it('prefers a group starting soon and one that meets inside the requester’s times', () => {
    const matches = rankMatches(
      groupRequest,
      {
        therapists: [],
        groups: [
          // 52 days away: 20 × (90 − 52) / 76 = 10 points for the start.
          group({ courseId: 'later', firstSessionAt: new Date('2026-04-22T17:00:00Z') }),
          // Tuesday morning: outside the requester's windows.
          group({ courseId: 'mornings', firstSessionAt: new Date('2026-03-03T10:00:00Z') }),
          group({ courseId: 'soon' }),
        ],
      },
      asOf,
    );
    expect(matches.map((m) => [m.kind === 'group' ? m.courseId : '', m.score])).toEqual([
      ['soon', 100],
      ['later', 90],
      ['mornings', 70],
    ]);
    expect(matches[2]?.cautions).toEqual([
      'meets Tuesdays at 10:00 your time, outside the times given',
    ]);
  });

  it('breaks ties by the earlier start, then more places, then course id', () => {
    const tied = [
      group({ courseId: 'b', heldPlaces: 5 }),
      group({ courseId: 'c', heldPlaces: 4 }),
      group({ courseId: 'a', heldPlaces: 5 }),
      group({ courseId: 'early', firstSessionAt: new Date('2026-03-02T18:00:00Z') }),
    ];
    const matches = rankMatches(groupRequest, { therapists: [], groups: tied }, asOf);
    expect(ids(matches)).toEqual(['early', 'c', 'a', 'b']);
  });
});
