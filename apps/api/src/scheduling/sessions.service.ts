import { Inject, Injectable } from '@nestjs/common';
import type {
  SessionDetail,
  SessionListItem,
  cancelBodySchema,
  rescheduleBodySchema,
} from '@hearth/contracts';
import { planCancellation, planReschedule, type TimeInterval } from '@hearth/domain';
import { DataSource, type EntityManager } from 'typeorm';
import type { z } from 'zod';
import { AuditService } from '../identity/audit.service';
import type { Principal } from '../identity/token-service';
import { type Participant, bookingConflicts } from './booking-conflicts';
import { loadBookings, sessionParticipants } from './bookings';
import { isExclusionViolation, retryOnDeadlock } from '../database/database-errors';
import { doubleBooked, inBody } from './scheduling-errors';
import { SessionChangeEntity } from './scheduling.entities';
import { toSessionDetail, toSessionListItem } from './scheduling.mappers';
import { type Viewer, isStaffOf, memberRows, notFound, viewerOf } from './scheduling.queries';
import {
  type SessionWithCourseRow,
  readSession,
  sessionRow,
  sessionsInWindow,
} from './session.queries';

type RescheduleBody = z.output<typeof rescheduleBodySchema>;
type CancelBody = z.output<typeof cancelBodySchema>;

@Injectable()
export class SessionsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The viewer's sessions overlapping a window: the practice's for coordinators. */
  async list(principal: Principal, from: Date, to: Date): Promise<SessionListItem[]> {
    const viewer = viewerOf(principal);
    const rows = await sessionsInWindow(this.dataSource.manager, viewer, from, to);
    await this.audit.recordAct(principal, {
      action: 'session.listed',
      entity: 'session',
      entityId: null,
    });
    return rows.map((row) => toSessionListItem(row, viewer));
  }

  /** One session with its roster (and history for staff); the read is audited by its own statement. */
  async get(principal: Principal, sessionId: string): Promise<SessionDetail> {
    const viewer = viewerOf(principal);
    return toSessionDetail(await readSession(this.dataSource, viewer, sessionId), viewer);
  }

  /**
   * Moves one session. The domain decides whether it may move (not cancelled, not begun, really
   * a change); everyone booked into it must be free at the new time, which is checked here and
   * enforced by the exclusion constraint when the bookings move with the session.
   */
  async reschedule(
    principal: Principal,
    sessionId: string,
    body: RescheduleBody,
  ): Promise<SessionDetail> {
    const viewer = viewerOf(principal);
    let clash: { participants: Participant[]; to: TimeInterval } | undefined;
    try {
      return await retryOnDeadlock(() =>
        this.dataSource.transaction(async (tx) => {
          const session = await this.changeable(tx, viewer, sessionId);
          const change = inBody(() =>
            planReschedule(
              {
                startsAt: session.startsAt,
                endsAt: session.endsAt,
                cancelled: session.status === 'cancelled',
              },
              {
                startsAt: new Date(body.startsAt),
                durationMinutes: body.durationMinutes ?? null,
                reason: body.reason ?? null,
              },
              new Date(),
            ),
          );
          clash = { participants: await sessionParticipants(tx, sessionId), to: change.to };
          const conflicts = await this.conflictsOf(tx, sessionId, clash.participants, change.to);
          if (conflicts.length > 0) throw doubleBooked(conflicts);
          await tx.query(`UPDATE session SET starts_at = $2, ends_at = $3 WHERE id = $1`, [
            sessionId,
            change.to.startsAt,
            change.to.endsAt,
          ]);
          await tx.query(
            `UPDATE booking SET during = tstzrange($2, $3, '[)') WHERE session_id = $1`,
            [sessionId, change.to.startsAt, change.to.endsAt],
          );
          await tx.insert(SessionChangeEntity, {
            sessionId,
            kind: 'rescheduled',
            fromStartsAt: change.from.startsAt,
            fromEndsAt: change.from.endsAt,
            toStartsAt: change.to.startsAt,
            toEndsAt: change.to.endsAt,
            reason: change.reason ?? null,
            changedBy: principal.personId,
          });
          await this.audit.recordAct(
            principal,
            { action: 'session.rescheduled', entity: 'session', entityId: sessionId },
            tx,
          );
          return this.detail(tx, viewer, await sessionRow(tx, viewer, sessionId));
        }),
      );
    } catch (error) {
      if (isExclusionViolation(error) && clash) {
        throw doubleBooked(
          await this.conflictsOf(this.dataSource.manager, sessionId, clash.participants, clash.to),
        );
      }
      throw error;
    }
  }

  /** Cancels one session: the history keeps it, and everyone's time is freed. */
  async cancel(principal: Principal, sessionId: string, body: CancelBody): Promise<SessionDetail> {
    const viewer = viewerOf(principal);
    return this.dataSource.transaction(async (tx) => {
      const session = await this.changeable(tx, viewer, sessionId);
      const change = inBody(() =>
        planCancellation(
          {
            startsAt: session.startsAt,
            endsAt: session.endsAt,
            cancelled: session.status === 'cancelled',
          },
          { reason: body.reason ?? null },
          new Date(),
        ),
      );
      await tx.query(`UPDATE session SET status = 'cancelled' WHERE id = $1`, [sessionId]);
      await tx.query(`UPDATE booking SET cancelled = true WHERE session_id = $1`, [sessionId]);
      await tx.insert(SessionChangeEntity, {
        sessionId,
        kind: 'cancelled',
        fromStartsAt: change.from.startsAt,
        fromEndsAt: change.from.endsAt,
        toStartsAt: null,
        toEndsAt: null,
        reason: change.reason ?? null,
        changedBy: principal.personId,
      });
      await this.audit.recordAct(
        principal,
        { action: 'session.cancelled', entity: 'session', entityId: sessionId },
        tx,
      );
      return this.detail(tx, viewer, await sessionRow(tx, viewer, sessionId));
    });
  }

  /**
   * A session the viewer may change, locked: coordinators change any in their practice, and a
   * therapist those of courses they run or co-run. Anyone else gets the same 404 as for a
   * session that does not exist.
   */
  private async changeable(
    tx: EntityManager,
    viewer: Viewer,
    sessionId: string,
  ): Promise<SessionWithCourseRow> {
    const session = await sessionRow(tx, viewer, sessionId, true);
    if (!isStaffOf(viewer, session.course)) throw notFound('session');
    return session;
  }

  private async conflictsOf(
    tx: EntityManager,
    sessionId: string,
    participants: readonly Participant[],
    to: TimeInterval,
  ) {
    const existing = await loadBookings(
      tx,
      participants.map((p) => p.personId),
      [to],
      sessionId,
    );
    return bookingConflicts(participants, [{ id: sessionId, ...to }], existing);
  }

  /** The detail of a session just changed in `tx`, as the viewer (staff) sees it. */
  private async detail(
    tx: EntityManager,
    viewer: Viewer,
    session: SessionWithCourseRow,
  ): Promise<SessionDetail> {
    const staff = isStaffOf(viewer, session.course);
    const members = await memberRows(tx, session.courseId, staff);
    const history: SessionChangeEntity[] = staff
      ? await tx.find(SessionChangeEntity, {
          where: { sessionId: session.id },
          order: { at: 'ASC', id: 'ASC' },
        })
      : [];
    return toSessionDetail({ session, staff, members, history }, viewer);
  }
}
