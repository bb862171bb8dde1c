import { isDomainError } from '../errors/domain-error';
import { validateFocus, type ClientFocus } from './focus-goals';

function paths(areas: ClientFocus[]): string[] {
  try {
    validateFocus(areas);
  } catch (error) {
    if (isDomainError(error)) {
      return (error.details?.['issues'] as { path: string }[]).map((i) => i.path);
    }
    throw error;
  }
  throw new Error('expected the focus to be refused');
}

describe('a client’s focus and goals', () => {
  it('keeps one or two problem areas with trimmed goals', () => {
    expect(validateFocus([{ area: 'grief', goals: ['  Talk about Dad with my sister '] }])).toEqual(
      [{ area: 'grief', goals: ['Talk about Dad with my sister'] }],
    );
    expect(
      validateFocus([
        { area: 'disputes', goals: ['Say what I need'] },
        { area: 'role_transitions', goals: ['Settle into the new job', 'Keep Sunday calls'] },
      ]),
    ).toHaveLength(2);
  });

  it('refuses no area, three areas, a repeated area and an unknown one', () => {
    expect(paths([])).toEqual(['areas']);
    expect(
      paths([
        { area: 'grief', goals: ['a'] },
        { area: 'disputes', goals: ['b'] },
        { area: 'deficits', goals: ['c'] },
      ]),
    ).toEqual(['areas']);
    expect(
      paths([
        { area: 'grief', goals: ['a'] },
        { area: 'grief', goals: ['b'] },
      ]),
    ).toEqual(['areas.1.area']);
    expect(paths([{ area: 'loneliness' as never, goals: ['a'] }])).toEqual(['areas.0.area']);
  });

  it('needs one to five goals, none blank', () => {
    expect(paths([{ area: 'grief', goals: [] }])).toEqual(['areas.0.goals']);
    expect(paths([{ area: 'grief', goals: ['1', '2', '3', '4', '5', '6'] }])).toEqual([
      'areas.0.goals',
    ]);
    expect(paths([{ area: 'grief', goals: ['fine', '   '] }])).toEqual(['areas.0.goals.1']);
  });
});
