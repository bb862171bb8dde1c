import type { Attendance } from '@hearth/contracts';
import { describe, expect, it } from 'vitest';
import { attendanceError, attendanceView } from './attendance-format';

const ana = '11111111-1111-4111-8111-111111111111';
const ben = '22222222-2222-4222-8222-222222222222';
const cy = '33333333-3333-4333-8333-333333333333';

const attendance: Attendance = {
  sessionId: '00000000-0000-4000-8000-000000000003',
  people: [
    {
      personId: cy,
      displayName: 'Cy Never',
      firstJoinedAt: null,
      firstAdmittedAt: null,
      lastLeftAt: null,
      events: [],
    },
    {
      personId: ben,
      displayName: 'Ben Silva',
      firstJoinedAt: '2026-01-12T10:03:00.000Z',
      firstAdmittedAt: '2026-01-12T10:04:00.000Z',
      lastLeftAt: '2026-01-12T10:52:00.000Z',
      events: [
        { kind: 'left', at: '2026-01-12T10:52:00.000Z' },
        { kind: 'joined', at: '2026-01-12T10:03:00.000Z' },
        { kind: 'admitted', at: '2026-01-12T10:04:00.000Z' },
        { kind: 'dropped', at: '2026-01-12T10:20:00.000Z' },
        { kind: 'returned', at: '2026-01-12T10:21:00.000Z' },
      ],
    },
    {
      personId: ana,
      displayName: 'Ana Silva',
      firstJoinedAt: '2026-01-12T09:58:00.000Z',
      firstAdmittedAt: '2026-01-12T10:00:00.000Z',
      lastLeftAt: null,
      events: [
        { kind: 'joined', at: '2026-01-12T09:58:00.000Z' },
        { kind: 'admitted', at: '2026-01-12T10:00:00.000Z' },
      ],
    },
  ],
};

describe('attendanceView', () => {
  it('lists who came first, on the viewer’s clock, with their events in order', () => {
    const view = attendanceView(attendance, 'Europe/Madrid');
    expect(view.empty).toBe(false);
    expect(view.zoneNote).toBe('Times in CET');
    expect(view.rows.map((r) => [r.name, r.firstJoined, r.admitted, r.lastLeft])).toEqual([
      ['Ana Silva', '10:58', '11:00', '—'],
      ['Ben Silva', '11:03', '11:04', '11:52'],
      ['Cy Never', '—', '—', '—'],
    ]);
    expect(view.rows[1]?.events).toEqual([
      'Joined 11:03',
      'Admitted 11:04',
      'Connection lost 11:20',
      'Reconnected 11:21',
      'Left 11:52',
    ]);
  });

  it('dates a time that falls on another day', () => {
    const late = {
      ...attendance,
      people: [{ ...attendance.people[2]!, lastLeftAt: '2026-01-13T00:10:00.000Z' }],
    };
    expect(attendanceView(late, 'Europe/London').rows[0]?.lastLeft).toBe('2026-01-13 00:10');
  });

  it('is empty when nobody has joined, even with the roster listed', () => {
    expect(attendanceView({ ...attendance, people: [] }, 'UTC').empty).toBe(true);
    expect(attendanceView({ ...attendance, people: [attendance.people[0]!] }, 'UTC').empty).toBe(
      true,
    );
  });

  it('explains refusals in words', () => {
    expect(attendanceError(403, 'Forbidden')).toContain('Only the course’s therapists');
    expect(attendanceError(404, 'Not found')).toContain('can’t find this session');
    expect(attendanceError(500, 'Server error')).toBe(
      'We could not load the attendance. Server error',
    );
  });
});
