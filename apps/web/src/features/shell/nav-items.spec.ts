import { describe, expect, it } from 'vitest';
import { navFor, splitForPhone } from './nav-items';

const labels = (items: readonly { label: string }[]) => items.map((i) => i.label);

describe('main navigation', () => {
  it('gives each role its own places', () => {
    expect(labels(navFor(['coordinator']))).toEqual([
      'Home',
      'Calendar',
      'Courses',
      'People',
      'Requests',
      'Settings',
    ]);
    expect(labels(navFor(['therapist']))).toEqual(['Home', 'Calendar', 'Courses', 'Clients']);
    expect(labels(navFor(['client']))).toEqual(['Home', 'Check-ins', 'Account']);
  });

  it('lists a place once for someone with two roles that share it', () => {
    expect(labels(navFor(['coordinator', 'therapist']))).toEqual([
      'Home',
      'Calendar',
      'Courses',
      'People',
      'Clients',
      'Requests',
      'Settings',
    ]);
  });

  it('keeps a phone bar to five places, the rest under More', () => {
    expect(labels(splitForPhone(navFor(['therapist'])).bar)).toHaveLength(4);
    expect(splitForPhone(navFor(['therapist'])).more).toEqual([]);
    const coordinator = splitForPhone(navFor(['coordinator']));
    expect(labels(coordinator.bar)).toEqual(['Home', 'Calendar', 'Courses', 'People']);
    expect(labels(coordinator.more)).toEqual(['Requests', 'Settings']);
  });
});
