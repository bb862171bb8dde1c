import { describe, expect, it } from 'vitest';
import {
  awaitingAnswer,
  describeRoles,
  formatDateTime,
  invitationLink,
  roleLabel,
} from './people-format';

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

describe('awaitingAnswer', () => {
  it('keeps pending invitations and those expired in the last 14 days, in order', () => {
    const now = new Date('2026-07-20T12:00:00Z');
    const list = [
      { id: 'a', status: 'accepted', expiresAt: '2026-07-25T12:00:00Z' },
      { id: 'p', status: 'pending', expiresAt: '2026-07-25T12:00:00Z' },
      { id: 'r', status: 'revoked', expiresAt: '2026-07-25T12:00:00Z' },
      { id: 'e', status: 'expired', expiresAt: '2026-07-06T12:00:01Z' },
      { id: 'old', status: 'expired', expiresAt: '2026-07-06T12:00:00Z' },
    ];
    expect(awaitingAnswer(list, now).map((i) => i.id)).toEqual(['p', 'e']);
  });
});
