import type {
  CourseDetail,
  CourseSummary,
  RosterMember,
  SessionDetail,
  SessionListItem,
  SessionSummary,
  SessionItem,
} from '@hearth/contracts';
import { capacityOf, phaseOf, rosterReadiness, sessionLabel } from '@hearth/domain';
import type {
  CourseRow,
  CourseSessionRow,
  MemberRow,
  SessionRow,
  Viewer,
} from './scheduling.queries';
import type { SessionListRow, SessionReadRow, SessionWithCourseRow } from './session.queries';

// Rows → the contract's response shapes. Instants leave as ISO strings in UTC ('Z'); "Session N
// of M" and the IPT phase are derived here from the domain rules, never stored.

export function capacityOfRow(course: Pick<CourseRow, 'format' | 'maxMembers'>) {
  return capacityOf(course.format, course.format === 'group' ? course.maxMembers : undefined);
}

export function toCourseSummary(course: CourseRow): CourseSummary {
  return {
    id: course.id,
    title: course.title,
    format: course.format,
    focusAreas: course.focusAreas,
    therapist: { personId: course.therapistId, displayName: course.therapistName },
    coTherapist:
      course.coTherapistId === null
        ? null
        : { personId: course.coTherapistId, displayName: course.coTherapistName ?? '' },
    sessionCount: course.sessionCount,
    durationMinutes: course.durationMinutes,
    timeZone: course.timeZone,
    weekday: course.weekday,
    localTime: course.localTime,
    startDate: course.startDate,
    capacity: capacityOfRow(course),
    heldPlaces: course.heldPlaces,
    createdAt: course.createdAt.toISOString(),
  };
}

export function toMember(row: MemberRow): RosterMember {
  return {
    id: row.id,
    personId: row.personId,
    displayName: row.displayName,
    relation: row.relation,
    status: row.status,
  };
}

export function toSessionSummary(session: SessionRow, sessionCount: number): SessionSummary {
  return {
    id: session.id,
    courseId: session.courseId,
    number: session.number,
    label: sessionLabel(session.number, sessionCount),
    phase: phaseOf(session.number, sessionCount),
    startsAt: session.startsAt.toISOString(),
    endsAt: session.endsAt.toISOString(),
    status: session.status,
  };
}

export function toCourseDetail(
  course: CourseRow,
  members: readonly MemberRow[],
  sessions: readonly CourseSessionRow[],
): CourseDetail {
  const capacity = capacityOfRow(course);
  const { ready, reason, activeMembers, invitedMembers, needed } = rosterReadiness(
    members,
    capacity,
  );
  return {
    ...toCourseSummary(course),
    members: members.map(toMember),
    readiness: { ready, ...(reason ? { reason } : {}), activeMembers, invitedMembers, needed },
    sessions: sessions.map((session) => ({
      ...toSessionSummary(session, course.sessionCount),
      movedFrom: session.movedFrom?.toISOString() ?? null,
      moveReason: session.moveReason,
    })),
  };
}

function toSessionItem(row: SessionWithCourseRow, viewer: Viewer): SessionItem {
  const { course } = row;
  return {
    ...toSessionSummary(row, course.sessionCount),
    course: {
      id: course.id,
      title: course.title,
      format: course.format,
      sessionCount: course.sessionCount,
      timeZone: course.timeZone,
    },
    therapist: { personId: course.therapistId, displayName: course.therapistName },
    coTherapist:
      course.coTherapistId === null
        ? null
        : { personId: course.coTherapistId, displayName: course.coTherapistName ?? '' },
    viewerRole:
      course.therapistId === viewer.personId
        ? 'therapist'
        : course.coTherapistId === viewer.personId
          ? 'co_therapist'
          : viewer.isCoordinator
            ? 'coordinator'
            : 'client',
  };
}

export function toSessionListItem(row: SessionListRow, viewer: Viewer): SessionListItem {
  return {
    ...toSessionItem(row, viewer),
    viewerPlace: row.viewerPlace,
    viewerConsented: row.viewerConsented,
  };
}

export function toSessionDetail(
  { session, members, history }: SessionReadRow,
  viewer: Viewer,
): SessionDetail {
  return {
    ...toSessionItem(session, viewer),
    durationMinutes: Math.round((session.endsAt.getTime() - session.startsAt.getTime()) / 60_000),
    members: members.map(toMember),
    history: history.map((change) => ({
      kind: change.kind,
      fromStartsAt: change.fromStartsAt.toISOString(),
      fromEndsAt: change.fromEndsAt.toISOString(),
      toStartsAt: change.toStartsAt?.toISOString() ?? null,
      toEndsAt: change.toEndsAt?.toISOString() ?? null,
      reason: change.reason,
      changedBy: change.changedBy,
      at: change.at.toISOString(),
    })),
  };
}
