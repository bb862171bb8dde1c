import type {
  BookingConflict,
  CourseDetail,
  CoursePreview,
  Person,
  SessionListItem,
} from '@hearth/contracts';
import { phaseOf, sessionLabel } from '@hearth/domain';
import { client, coordinator } from './render-app';

export const therapist: Person = {
  ...coordinator,
  id: '7c9d0e1f-2a3b-4c5d-8e6f-7a8b9c0d1e22',
  email: 'theo@hearth.example',
  displayName: 'Theo Therapist',
  roles: ['therapist'],
  timeZone: 'Europe/London',
};

export const parent: Person = { ...client, displayName: 'Pat Parent' };

export const child: Person = {
  ...client,
  id: '6b3c9d4e-5f6a-4b7c-8d9e-0f1a2b3c4d05',
  email: 'kit@hearth.example',
  displayName: 'Kit Child',
};

export const courseId = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const week = 7 * 86_400_000;

/** Session `n`'s id: recognisable in assertions, and a valid uuid. */
export const sessionId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A 12-session preview of Mondays at 10:00 UTC from 2026-01-12 (10:00 in London in winter). */
export function previewOf(
  conflicts: Readonly<Record<number, BookingConflict[]>> = {},
): CoursePreview {
  const first = Date.parse('2026-01-12T10:00:00.000Z');
  const sessions = Array.from({ length: 12 }, (_, index) => {
    const number = index + 1;
    const startsAt = new Date(first + index * week);
    return {
      number,
      label: sessionLabel(number, 12),
      phase: phaseOf(number, 12),
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 50 * 60_000).toISOString(),
      localDate: startsAt.toISOString().slice(0, 10),
      conflicts: conflicts[number] ?? [],
    };
  });
  return {
    format: 'family',
    capacity: { min: 2, max: 8 },
    sessionCount: 12,
    durationMinutes: 50,
    timeZone: 'Europe/London',
    firstSessionDate: '2026-01-12',
    sessions,
    hasConflicts: sessions.some((s) => s.conflicts.length > 0),
  };
}

/** Theo is already booked 10:30–11:20 on the day of session `number`. */
export function therapistClash(number: number): BookingConflict {
  const session = previewOf().sessions[number - 1];
  if (!session) throw new Error(`no session ${number}`);
  const existing = Date.parse(session.startsAt) + 30 * 60_000;
  return {
    sessionNumber: number,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    personId: therapist.id,
    role: 'therapist',
    existingSessionId: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
    existingStartsAt: new Date(existing).toISOString(),
    existingEndsAt: new Date(existing + 50 * 60_000).toISOString(),
  };
}

export function courseDetail(): CourseDetail {
  const preview = previewOf();
  return {
    id: courseId,
    title: 'Okafor family',
    format: 'family',
    focusAreas: ['disputes', 'role_transitions'],
    therapist: { personId: therapist.id, displayName: therapist.displayName },
    coTherapist: null,
    sessionCount: 12,
    durationMinutes: 50,
    timeZone: 'Europe/London',
    weekday: 1,
    localTime: '10:00',
    startDate: '2026-01-12',
    capacity: { min: 2, max: 8 },
    heldPlaces: 2,
    createdAt: '2026-01-05T09:00:00.000Z',
    members: [
      {
        id: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
        personId: parent.id,
        displayName: parent.displayName,
        relation: 'parent',
        status: 'active',
      },
      {
        id: '3c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f',
        personId: child.id,
        displayName: child.displayName,
        relation: 'child',
        status: 'invited',
      },
    ],
    readiness: {
      ready: false,
      reason: 'too_few_members',
      activeMembers: 1,
      invitedMembers: 1,
      needed: 1,
    },
    sessions: preview.sessions.map((s) => ({
      id: sessionId(s.number),
      courseId,
      number: s.number,
      label: s.label,
      phase: s.phase,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      status: s.number === 2 ? 'cancelled' : 'scheduled',
      movedFrom: null,
      moveReason: null,
    })),
  };
}

/** Session `number` of the family course as the session list shows it to `viewerRole`. */
export function listItem(
  number: number,
  startsAt: string,
  viewerRole: SessionListItem['viewerRole'] = 'client',
): SessionListItem {
  return {
    id: sessionId(number),
    courseId,
    number,
    label: sessionLabel(number, 12),
    phase: phaseOf(number, 12),
    startsAt,
    endsAt: new Date(Date.parse(startsAt) + 50 * 60_000).toISOString(),
    status: 'scheduled',
    course: {
      id: courseId,
      title: 'Okafor family',
      format: 'family',
      sessionCount: 12,
      timeZone: 'Europe/London',
    },
    therapist: { personId: therapist.id, displayName: therapist.displayName },
    coTherapist: null,
    viewerRole,
    viewerPlace: viewerRole === 'client' ? 'active' : null,
    viewerConsented: true,
  };
}
