import { Inject, Injectable } from '@nestjs/common';
import type { ClinicalAlert } from '@hearth/contracts';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { queryRows } from '../database/rows';
import { AuditService } from '../identity/audit.service';
import type { Principal } from '../identity/token-service';
import { notFound, sessionRunBy } from './clinical-access';
import { openRecord, parseCheckIn, sealedColumns } from './clinical-sealing';
import { NotesCipher } from './notes-cipher';

const alertRow = z.strictObject({
  ...sealedColumns,
  id: z.guid(),
  practice_id: z.guid(),
  check_in_session_id: z.guid(),
  raised_at: z.date(),
  acknowledged_at: z.date().nullable(),
  acknowledged_by: z.guid().nullable(),
  acknowledged_by_name: z.string().nullable(),
  person_id: z.guid(),
  display_name: z.string(),
  course_id: z.guid(),
  title: z.string(),
  session_id: z.guid(),
  number: z.number().int(),
  starts_at: z.date(),
});
type AlertRow = z.infer<typeof alertRow>;

// Alerts of courses therapist $2 runs, in practice $1.
const alertSelect = `
  SELECT a.id, a.practice_id, a.raised_at, a.acknowledged_at, a.acknowledged_by,
         ab.display_name AS acknowledged_by_name, a.person_id, p.display_name,
         c.id AS course_id, c.title, s.id AS session_id, s.number, s.starts_at,
         ci.session_id AS check_in_session_id, ci.key_id, ci.nonce, ci.ciphertext
    FROM clinical_alert a
    JOIN check_in ci ON ci.id = a.check_in_id
    JOIN course c ON c.id = a.course_id
    JOIN session s ON s.id = a.session_id
    JOIN person p ON p.id = a.person_id
    LEFT JOIN person ab ON ab.id = a.acknowledged_by
   WHERE a.practice_id = $1 AND (c.therapist_id = $2 OR c.co_therapist_id = $2)`;

function toAlert(cipher: NotesCipher, row: AlertRow): ClinicalAlert {
  const iso = (value: Date | string) => new Date(value).toISOString();
  // The answer behind the alert is read from its sealed check-in, never stored beside it.
  const answers = parseCheckIn(
    openRecord(
      cipher,
      'check_in',
      { practiceId: row.practice_id, scopeId: row.check_in_session_id, personId: row.person_id },
      row,
    ),
  );
  return {
    id: row.id,
    kind: 'phq9_item9',
    client: { personId: row.person_id, displayName: row.display_name },
    course: { id: row.course_id, title: row.title },
    session: { id: row.session_id, number: row.number, startsAt: iso(row.starts_at) },
    item9Answer: answers.phq9[8]!,
    raisedAt: iso(row.raised_at),
    acknowledgedAt: row.acknowledged_at ? iso(row.acknowledged_at) : null,
    acknowledgedBy:
      row.acknowledged_by && row.acknowledged_by_name
        ? { personId: row.acknowledged_by, displayName: row.acknowledged_by_name }
        : null,
  };
}

/**
 * The private alerts a positive PHQ-9 item 9 raises (check-ins.service.ts raises them): listed for
 * the therapists of the course, in the call's sidebar, and acknowledged by one of them. Every
 * read is audited.
 */
@Injectable()
export class ClinicalAlertsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly cipher: NotesCipher,
  ) {}

  /** Open alerts of every course the therapist runs, newest first. */
  async list(principal: Principal): Promise<ClinicalAlert[]> {
    const rows = await queryRows(
      this.dataSource,
      'open clinical alerts',
      alertRow,
      `${alertSelect} AND a.acknowledged_at IS NULL ORDER BY a.raised_at DESC, a.id`,
      [principal.practiceId, principal.personId],
    );
    await this.audit.recordAct(principal, {
      action: 'clinical_alert.listed',
      entity: 'person',
      entityId: principal.personId,
    });
    return rows.map((row) => toAlert(this.cipher, row));
  }

  /** For the call sidebar: alerts raised for this session, and any still open in its course. */
  async ofSession(principal: Principal, sessionId: string): Promise<ClinicalAlert[]> {
    const session = await sessionRunBy(this.dataSource, principal, sessionId);
    const rows = await queryRows(
      this.dataSource,
      'clinical alerts of a session',
      alertRow,
      `${alertSelect} AND a.course_id = $3 AND (a.session_id = $4 OR a.acknowledged_at IS NULL)
        ORDER BY a.raised_at DESC, a.id`,
      [principal.practiceId, principal.personId, session.course.id, sessionId],
    );
    await this.audit.recordAct(principal, {
      action: 'clinical_alert.listed',
      entity: 'session',
      entityId: sessionId,
    });
    return rows.map((row) => toAlert(this.cipher, row));
  }

  async acknowledge(principal: Principal, alertId: string): Promise<ClinicalAlert> {
    return this.dataSource.transaction(async (tx) => {
      const [found] = await queryRows(
        tx,
        'clinical alert',
        alertRow,
        `${alertSelect} AND a.id = $3`,
        [principal.practiceId, principal.personId, alertId],
      );
      if (!found || !principal.roles.includes('therapist')) throw notFound('alert');
      await tx.query(
        `UPDATE clinical_alert SET acknowledged_at = now(), acknowledged_by = $2
          WHERE id = $1 AND acknowledged_at IS NULL`,
        [alertId, principal.personId],
      );
      await this.audit.recordAct(
        principal,
        { action: 'clinical_alert.acknowledged', entity: 'clinical_alert', entityId: alertId },
        tx,
      );
      const [row] = await queryRows(
        tx,
        'clinical alert',
        alertRow,
        `${alertSelect} AND a.id = $3`,
        [principal.practiceId, principal.personId, alertId],
      );
      return toAlert(this.cipher, row!);
    });
  }
}
