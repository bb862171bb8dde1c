import { Inject, Injectable } from '@nestjs/common';
import type { LiveSessionInfo } from '@hearth/contracts';
import {
  DomainError,
  assertMayJoin,
  isCourseTherapist,
  phaseOf,
  type CourseFormat,
  type LiveRole,
  type RosterStatus,
} from '@hearth/domain';
import { DataSource } from 'typeorm';
import { ConsentService } from '../clinical/consent.service';
import type { Principal } from '../identity/token-service';

/** Who may enter a session, as the database says at the moment they ask. */
export interface LiveEntry {
  readonly sessionId: string;
  readonly practiceId: string;
  readonly personId: string;
  readonly displayName: string;
  readonly role: LiveRole;
  /** An active member of the course's roster. */
  readonly knownMember: boolean;
  readonly autoAdmitMembers: boolean;
  readonly session: LiveSessionInfo;
}

interface EntryRow {
  starts_at: Date;
  ends_at: Date;
  status: string;
  therapistId: string;
  coTherapistId: string | null;
  auto_admit_members: boolean;
  title: string;
  format: CourseFormat;
  number: number;
  session_count: number;
  display_name: string;
  roster_status: RosterStatus | null;
}

/**
 * Decides whether a person may join a session's live room: only its therapist and co-therapist
 * and the active members of its course's roster who accepted the practice's current consent,
 * and only inside the join window. A session of
 * another practice is indistinguishable from one that does not exist.
 */
@Injectable()
export class LiveAccessService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ConsentService) private readonly consent: ConsentService,
  ) {}

  /** The course's active clients in roster order: the order of go-rounds. */
  async rosterOrder(sessionId: string): Promise<string[]> {
    const rows: { person_id: string }[] = await this.dataSource.query(
      `SELECT rm.person_id FROM session s
         JOIN roster_member rm ON rm.course_id = s.course_id AND rm.status = 'active'
        WHERE s.id = $1
        ORDER BY rm.seq`,
      [sessionId],
    );
    return rows.map((row) => row.person_id);
  }

  async entry(principal: Principal, sessionId: string, now: Date): Promise<LiveEntry> {
    const rows: EntryRow[] = await this.dataSource.query(
      `SELECT s.starts_at, s.ends_at, s.status, c.therapist_id AS "therapistId", c.co_therapist_id AS "coTherapistId",
              c.auto_admit_members, c.title, c.format, s.number, c.session_count,
              p.display_name, rm.status AS roster_status
         FROM session s
         JOIN course c ON c.id = s.course_id
         JOIN person p ON p.id = $3 AND p.practice_id = s.practice_id AND p.disabled_at IS NULL
         LEFT JOIN roster_member rm ON rm.course_id = c.id AND rm.person_id = p.id
        WHERE s.id = $1 AND s.practice_id = $2`,
      [sessionId, principal.practiceId, principal.personId],
    );
    const row = rows[0];
    if (!row) throw new DomainError('not_found', 'No such session');
    const isTherapist = isCourseTherapist(row, principal.personId);
    const knownMember = row.roster_status === 'active';
    // The one join rule (libs/domain roster-join.ts), which Home applies to show Join.
    assertMayJoin(
      {
        isTherapist,
        rosterStatus: row.roster_status,
        consentAccepted:
          isTherapist ||
          (await this.consent.hasAcceptedCurrentConsent(principal.practiceId, principal.personId)),
        session: {
          startsAt: row.starts_at,
          endsAt: row.ends_at,
          cancelled: row.status === 'cancelled',
        },
      },
      now,
    );
    return {
      sessionId,
      practiceId: principal.practiceId,
      personId: principal.personId,
      displayName: row.display_name,
      role: isTherapist ? 'therapist' : 'client',
      knownMember,
      autoAdmitMembers: row.auto_admit_members,
      session: {
        courseTitle: row.title,
        format: row.format,
        number: row.number,
        count: row.session_count,
        phase: phaseOf(row.number, row.session_count),
        startsAt: row.starts_at.toISOString(),
        endsAt: row.ends_at.toISOString(),
      },
    };
  }
}
