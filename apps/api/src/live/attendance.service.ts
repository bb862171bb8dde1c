import { Inject, Injectable } from '@nestjs/common';
import type { Attendance, AttendanceKind, LiveSettings } from '@hearth/contracts';
import { DomainError, isCourseTherapist } from '@hearth/domain';
import { DataSource } from 'typeorm';
import { AuditService } from '../identity/audit.service';
import type { Principal } from '../identity/token-service';
import { JsonLogger } from '../logging/json-logger';

interface AttendanceRow {
  person_id: string;
  display_name: string;
  kind: AttendanceKind;
  at: Date;
}

/**
 * The attendance log of live sessions and the live-room settings of courses. Only the session's
 * therapists and the practice's coordinators may read attendance, and every read is audited.
 */
@Injectable()
export class AttendanceService {
  // Writes of one process go out in order, so a person's events keep their sequence even when
  // the database is briefly slow.
  #writes: Promise<void> = Promise.resolve();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  /**
   * Appends an event without holding up the live session; `at` is when it happened, not when the
   * row lands. A failed write is logged (ids only) and the live session carries on.
   */
  record(
    event: { practiceId: string; sessionId: string; personId: string; kind: AttendanceKind },
    at: Date,
  ): Promise<void> {
    this.#writes = this.#writes.then(() =>
      this.dataSource
        .query(
          `INSERT INTO attendance_event (practice_id, session_id, person_id, kind, at)
           VALUES ($1, $2, $3, $4, $5)`,
          [event.practiceId, event.sessionId, event.personId, event.kind, at],
        )
        .then(
          () => undefined,
          (error: unknown) =>
            this.logger.event(
              'error',
              'attendance event not recorded',
              { sessionId: event.sessionId, kind: event.kind, errorClass: errorClass(error) },
              'live',
            ),
        ),
    );
    return this.#writes;
  }

  /** Resolves when every event recorded so far is written (shutdown, tests). */
  flush(): Promise<void> {
    return this.#writes;
  }

  async attendance(principal: Principal, sessionId: string): Promise<Attendance> {
    await this.#assertMayManageSession(principal, sessionId);
    // What this node has seen so far is in the answer.
    await this.flush();
    const rows: AttendanceRow[] = await this.dataSource.query(
      `SELECT a.person_id, p.display_name, a.kind, a.at
         FROM attendance_event a JOIN person p ON p.id = a.person_id
        WHERE a.session_id = $1 AND a.practice_id = $2
        ORDER BY a.at, a.id`,
      [sessionId, principal.practiceId],
    );
    await this.audit.record({
      practiceId: principal.practiceId,
      actorId: principal.personId,
      action: 'attendance.read',
      entity: 'session',
      entityId: sessionId,
    });
    const people = new Map<string, Attendance['people'][number]>();
    for (const row of rows) {
      let person = people.get(row.person_id);
      if (!person) {
        person = {
          personId: row.person_id,
          displayName: row.display_name,
          firstJoinedAt: null,
          firstAdmittedAt: null,
          lastLeftAt: null,
          events: [],
        };
        people.set(row.person_id, person);
      }
      const at = row.at.toISOString();
      person.events.push({ kind: row.kind, at });
      if (row.kind === 'joined' && person.firstJoinedAt === null) person.firstJoinedAt = at;
      if (row.kind === 'admitted' && person.firstAdmittedAt === null) person.firstAdmittedAt = at;
      if (row.kind === 'left' || row.kind === 'removed' || row.kind === 'denied') {
        person.lastLeftAt = at;
      }
    }
    return { sessionId, people: [...people.values()] };
  }

  async liveSettings(principal: Principal, courseId: string): Promise<LiveSettings> {
    const row = await this.#courseFor(principal, courseId);
    return { autoAdmitMembers: row.auto_admit_members };
  }

  async setLiveSettings(
    principal: Principal,
    courseId: string,
    settings: LiveSettings,
  ): Promise<LiveSettings> {
    await this.#courseFor(principal, courseId);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE course SET auto_admit_members = $2 WHERE id = $1`, [
        courseId,
        settings.autoAdmitMembers,
      ]);
      await this.audit.record(
        {
          practiceId: principal.practiceId,
          actorId: principal.personId,
          action: 'course.live_settings_changed',
          entity: 'course',
          entityId: courseId,
        },
        manager,
      );
    });
    return settings;
  }

  async #courseFor(
    principal: Principal,
    courseId: string,
  ): Promise<{ auto_admit_members: boolean }> {
    const rows: {
      auto_admit_members: boolean;
      therapistId: string;
      coTherapistId: string | null;
    }[] = await this.dataSource.query(
      `SELECT auto_admit_members, therapist_id AS "therapistId", co_therapist_id AS "coTherapistId" FROM course
          WHERE id = $1 AND practice_id = $2`,
      [courseId, principal.practiceId],
    );
    const row = rows[0];
    const allowed = row !== undefined && mayManage(principal, row);
    if (!row || !allowed) throw new DomainError('not_found', 'No such course');
    return row;
  }

  async #assertMayManageSession(principal: Principal, sessionId: string): Promise<void> {
    const rows: { therapistId: string; coTherapistId: string | null }[] =
      await this.dataSource.query(
        `SELECT c.therapist_id AS "therapistId", c.co_therapist_id AS "coTherapistId"
           FROM session s JOIN course c ON c.id = s.course_id
          WHERE s.id = $1 AND s.practice_id = $2`,
        [sessionId, principal.practiceId],
      );
    const row = rows[0];
    const allowed = row !== undefined && mayManage(principal, row);
    if (!row || !allowed) throw new DomainError('not_found', 'No such session');
  }
}

/** The practice's coordinators and the course's therapists manage its live sessions. */
function mayManage(
  principal: Principal,
  course: { therapistId: string; coTherapistId: string | null },
): boolean {
  return principal.roles.includes('coordinator') || isCourseTherapist(course, principal.personId);
}

function errorClass(error: unknown): string {
  return error instanceof Error ? error.constructor.name : typeof error;
}
