import { DomainError } from '../errors/domain-error';
import { checkRoleChange } from './role-change';

const base = { self: false, runsCourses: false, holdsPlaces: false };

function refusal(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? error.message : 'other';
  }
}

describe('checkRoleChange', () => {
  it('lets a coordinator add and remove roles of others', () => {
    expect(
      refusal(() => checkRoleChange({ ...base, current: ['client'], next: ['therapist'] })),
    ).toBeUndefined();
    expect(
      refusal(() =>
        checkRoleChange({ ...base, current: ['coordinator', 'therapist'], next: ['therapist'] }),
      ),
    ).toBeUndefined();
  });

  it('refuses a coordinator taking away their own coordinator role', () => {
    expect(
      refusal(() =>
        checkRoleChange({ ...base, self: true, current: ['coordinator'], next: ['therapist'] }),
      ),
    ).toMatch(/own coordinator role/);
  });

  it('refuses taking a role away while work still hangs on it', () => {
    expect(
      refusal(() =>
        checkRoleChange({ ...base, runsCourses: true, current: ['therapist'], next: ['client'] }),
      ),
    ).toMatch(/still runs courses/);
    expect(
      refusal(() =>
        checkRoleChange({ ...base, holdsPlaces: true, current: ['client'], next: ['therapist'] }),
      ),
    ).toMatch(/place on a roster/);
  });
});
