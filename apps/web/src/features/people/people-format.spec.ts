import { describe, expect, it } from 'vitest';
import { describeRoles, formatDateTime, invitationLink, roleLabel } from './people-format';

describe('roles', () => {
  it('names one role, or lists several in plain English', () => {
    expect(roleLabel('therapist')).toBe('Therapist');
    expect(describeRoles(['client'])).toBe('Client');
    expect(describeRoles(['coordinator', 'therapist'])).toBe('Coordinator and therapist');
    expect(describeRoles(['coordinator', 'therapist', 'client'])).toBe(
      'Coordinator, therapist and client',
    );
  });
});

describe('formatDateTime', () => {
  it('shows the moment on the person’s own clock and names the zone', () => {
    const iso = '2026-07-16T08:30:00.000Z';
    const london = formatDateTime(iso, 'Europe/London');
    expect(london).toContain('Thursday, 16 July 2026');
    expect(london).toContain('09:30');
    expect(london).toContain('BST');
    const auckland = formatDateTime(iso, 'Pacific/Auckland');
    expect(auckland).toContain('Thursday, 16 July 2026');
    expect(auckland).toContain('20:30');
  });

  it('moves to the next day when the zone is far enough east', () => {
    expect(formatDateTime('2026-01-15T23:30:00Z', 'Asia/Tokyo')).toContain('Friday, 16 January');
  });
});

describe('invitationLink', () => {
  it('puts the API’s path on this site’s address', () => {
    expect(invitationLink('https://hearth.example.org', '/invitations/abc_DEF-123')).toBe(
      'https://hearth.example.org/invitations/abc_DEF-123',
    );
    expect(invitationLink('http://127.0.0.1:4200', '/invitations/x')).toBe(
      'http://127.0.0.1:4200/invitations/x',
    );
  });
});
