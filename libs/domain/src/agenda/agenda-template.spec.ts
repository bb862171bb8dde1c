import { isDomainError } from '../errors/domain-error';
import {
  agendaTemplate,
  groupMeetingTemplate,
  validateAgenda,
  type AgendaItem,
} from './agenda-template';

const total = (items: AgendaItem[]) => items.reduce((sum, item) => sum + item.minutes, 0);
const titles = (items: AgendaItem[]) => items.map((item) => item.title);

function issuesOf(run: () => void): string[] {
  try {
    run();
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return (error.details?.['issues'] as { path: string; message: string }[]).map(
      (issue) => `${issue.path}: ${issue.message}`,
    );
  }
  return [];
}

describe('agenda templates', () => {
  const base = {
    format: 'couple',
    focusAreas: ['disputes'],
    sessionCount: 16,
    durationMinutes: 50,
  } as const;

  it('opens a course with symptom review, the sick role and the inventory', () => {
    const items = agendaTemplate({ ...base, sessionNumber: 1 });
    expect(titles(items)).toEqual([
      'Welcome and introductions',
      'Symptom review',
      'The sick role',
      'Interpersonal inventory: important people',
      'Summary and next steps',
    ]);
    expect(items[0]?.goRound).toBe(true);
    expect(items.map((item) => item.id)).toEqual(['i1', 'i2', 'i3', 'i4', 'i5']);
  });

  it('agrees the focus at the end of the initial phase (session 4 of 16)', () => {
    expect(titles(agendaTemplate({ ...base, sessionNumber: 4 }))).toContain(
      'Agreeing the focus and goals',
    );
    expect(titles(agendaTemplate({ ...base, sessionNumber: 3 }))).toContain(
      'Interpersonal inventory',
    );
  });

  it('works on each focus area in the middle, with a mid-point review half-way', () => {
    const middle = agendaTemplate({
      ...base,
      focusAreas: ['grief', 'role_transitions'],
      sessionNumber: 6,
    });
    expect(titles(middle)).toEqual([
      'Check-in: mood and the week',
      'Work on grief: the relationship and the loss, re-engaging with others',
      'Work on the role transition: old role, new role, skills and support',
      'Communication analysis or role play',
      'Summary and practice for the week',
    ]);
    expect(titles(agendaTemplate({ ...base, sessionNumber: 8 }))).toContain(
      'Mid-point review of goals',
    );
  });

  it('ends with progress review, relapse prevention and a goodbye round', () => {
    const last = agendaTemplate({ ...base, sessionNumber: 16 });
    expect(titles(last)).toEqual([
      'Check-in: mood and the week',
      'Progress review: what changed',
      'Relapse-prevention plan',
      'Goodbye round',
    ]);
    expect(last.at(-1)?.goRound).toBe(true);
    expect(titles(agendaTemplate({ ...base, sessionNumber: 14 }))).toContain(
      'Relapse-prevention plan and warning signs',
    );
  });

  it('has no go-rounds for one client', () => {
    const items = agendaTemplate({ ...base, format: 'individual', sessionNumber: 1 });
    expect(items.some((item) => item.goRound)).toBe(false);
  });

  it.each([
    ['individual', 50, 12],
    ['couple', 50, 8],
    ['family', 60, 20],
    ['group', 90, 16],
  ] as const)(
    'fits every session of a %s course of %i minutes × %i to the minute',
    (format, minutes, count) => {
      for (let n = 1; n <= count; n += 1) {
        const items = agendaTemplate({
          format,
          focusAreas: ['deficits'],
          sessionNumber: n,
          sessionCount: count,
          durationMinutes: minutes,
        });
        expect(total(items)).toBe(minutes);
        expect(items.every((item) => item.minutes >= 1)).toBe(true);
        expect(() => validateAgenda(items, minutes)).not.toThrow();
      }
    },
  );

  it('has templates for group IPT’s individual meetings', () => {
    for (const meeting of ['pre_group', 'mid_point', 'post_group'] as const) {
      expect(total(groupMeetingTemplate(meeting, 45))).toBe(45);
    }
    expect(titles(groupMeetingTemplate('pre_group', 45))).toContain('Interpersonal inventory');
  });
});

describe('validateAgenda', () => {
  const item = (id: string, minutes: number, title = 'Item'): AgendaItem => ({
    id,
    title,
    minutes,
    goRound: false,
  });

  it('accepts an agenda within the session length', () => {
    expect(issuesOf(() => validateAgenda([item('a', 20), item('b', 30)], 50))).toEqual([]);
  });

  it('names every problem', () => {
    expect(
      issuesOf(() =>
        validateAgenda([item('a', 0), item('a', 10, ' '), item('c', 2.5, 'x'.repeat(81))], 50),
      ),
    ).toEqual([
      'items.0.minutes: must be a whole number of minutes from 1 to 120',
      'items.1.id: must not repeat another item’s id',
      'items.1.title: must not be empty',
      'items.2.title: must be at most 80 characters',
      'items.2.minutes: must be a whole number of minutes from 1 to 120',
    ]);
    expect(issuesOf(() => validateAgenda([], 50))).toEqual(['items: must list at least one item']);
  });

  it('refuses time boxes longer than the session', () => {
    expect(issuesOf(() => validateAgenda([item('a', 30), item('b', 21)], 50))).toEqual([
      'items: the time boxes add up to 51 minutes; the session is 50',
    ]);
  });
});
