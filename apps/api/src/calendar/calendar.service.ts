import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { DomainError } from '@hearth/domain';
import { DataSource } from 'typeorm';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { AuditService } from '../identity/audit.service';
import { hashOpaqueToken, newOpaqueToken, type Principal } from '../identity/token-service';
import { renderCalendar, type CalendarEvent } from './ics';
import { queryRows } from '../database/rows';

const feedRow = z.strictObject({
  session_id: z.guid(),
  number: z.number().int(),
  session_count: z.number().int(),
  starts_at: z.date(),
  ends_at: z.date(),
  cancelled: z.boolean(),
  changes: z.number().int(),
});

// Recent history stays visible (a calendar app keeps what it was shown), the rest is future.
const historyDays = 60;

@Injectable()
export class CalendarService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: Config,
    private readonly audit: AuditService,
  ) {}

  /** Creates the person's feed address, replacing (and so revoking) any earlier one. */
  async createFeed(principal: Principal): Promise<{ path: string; createdAt: string }> {
    const token = newOpaqueToken();
    return this.dataSource.transaction(async (tx) => {
      const [row] = await queryRows(
        tx,
        'create a calendar feed',
        z.strictObject({ created_at: z.date() }),
        `INSERT INTO calendar_feed (person_id, token_hash) VALUES ($1, $2)
         ON CONFLICT (person_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()
         RETURNING created_at`,
        [principal.personId, hashOpaqueToken(token)],
      );
      await this.audit.record(
        {
          practiceId: principal.practiceId,
          actorId: principal.personId,
          action: 'calendar_feed.created',
          entity: 'person',
          entityId: principal.personId,
        },
        tx,
      );
      return {
        path: `/api/calendar/${token}.ics`,
        createdAt: new Date(row!.created_at).toISOString(),
      };
    });
  }

  async revokeFeed(principal: Principal): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      const gone = await queryRows(
        tx,
        'revoke a calendar feed',
        z.strictObject({ person_id: z.guid() }), // A CTE makes this a SELECT: TypeORM returns [rows, count] for a bare DELETE ... RETURNING.
        'WITH gone AS (DELETE FROM calendar_feed WHERE person_id = $1 RETURNING person_id) SELECT * FROM gone',
        [principal.personId],
      );
      if (gone.length > 0) {
        await this.audit.record(
          {
            practiceId: principal.practiceId,
            actorId: principal.personId,
            action: 'calendar_feed.revoked',
            entity: 'person',
            entityId: principal.personId,
          },
          tx,
        );
      }
      return gone.length > 0;
    });
  }

  /** The ICS document behind a feed address; an unknown or revoked address is simply not found. */
  async renderFeed(file: string, now = new Date()): Promise<string> {
    const token = file.replace(/\.ics$/, '');
    const [owner] = await queryRows(
      this.dataSource,
      'owner of a calendar feed',
      z.strictObject({ id: z.guid(), practice_id: z.guid(), time_zone: z.string() }),
      `SELECT p.id, p.practice_id, p.time_zone FROM calendar_feed f JOIN person p ON p.id = f.person_id
        WHERE f.token_hash = $1 AND p.disabled_at IS NULL`,
      [hashOpaqueToken(token)],
    );
    if (!owner) throw new DomainError('not_found', 'No such calendar feed');
    const rows = await queryRows(
      this.dataSource,
      'calendar feed sessions',
      feedRow,
      `SELECT s.id AS session_id, s.number, c.session_count, s.starts_at, s.ends_at,
              (b.cancelled OR s.status = 'cancelled') AS cancelled,
              (SELECT count(*)::int FROM session_change sc WHERE sc.session_id = s.id) AS changes
         FROM booking b
         JOIN session s ON s.id = b.session_id
         JOIN course c ON c.id = s.course_id
        WHERE b.person_id = $1 AND s.ends_at > $2
        ORDER BY s.starts_at, s.id
        LIMIT 2000`,
      [owner.id, new Date(now.getTime() - historyDays * 86_400_000)],
    );
    await this.audit.record({
      practiceId: owner.practice_id,
      actorId: owner.id,
      action: 'calendar_feed.read',
      entity: 'person',
      entityId: owner.id,
    });
    const base = this.config.http.publicUrl;
    // Calendar feeds end up on third-party calendar servers: the event names the session only,
    // never the course's title, its members or its focus.
    const events: CalendarEvent[] = rows.map((row) => ({
      uid: `${row.session_id}@hearth`,
      startsAt: new Date(row.starts_at),
      endsAt: new Date(row.ends_at),
      summary: `Therapy session ${row.number} of ${row.session_count}`,
      description: 'Join from Hearth a few minutes before the start.',
      ...(base ? { url: `${base}/sessions/${row.session_id}/join` } : {}),
      cancelled: row.cancelled,
      sequence: row.changes,
    }));
    return renderCalendar({ name: 'Hearth sessions', timeZone: owner.time_zone, events, now });
  }
}
