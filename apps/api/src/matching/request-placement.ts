import { Inject, Injectable } from '@nestjs/common';
import type { acceptMatchBodySchema } from '@hearth/contracts';
import { DomainError, type MemberRelation } from '@hearth/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { AuditService } from '../identity/audit.service';
import type { Principal } from '../identity/token-service';
import { placeOfferedToExistingAccountMail } from '../mail/mail-messages';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { CoursesService } from '../scheduling/courses.service';
import type { RequestRow } from './therapy-request.queries';
import { idRow, queryRows } from '../database/rows';

type AcceptBody = z.output<typeof acceptMatchBodySchema>;

/** The client an accepted request is placed as, or an account elsewhere that cannot be. */
export type PlacedClient = { id: string; created: boolean; hasPassword: boolean };

export const emailTaken =
  'Someone with this email already has an account that cannot be placed as a client';

const formatNames = {
  individual: 'Individual',
  couple: 'Couple',
  family: 'Family',
  group: 'Group',
};
const defaultRelation: Record<string, MemberRelation> = {
  individual: 'member',
  couple: 'partner',
  family: 'other',
  group: 'member',
};

/**
 * Where an accepted request's person goes: the practice's client (made for them, or the one they
 * already are), then a course of their own with the chosen therapist, or a place in a group —
 * through the same scheduling rules as any other course.
 */
@Injectable()
export class RequestPlacement {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly courses: CoursesService,
    @Inject(MailOutboxService) private readonly outbox: MailOutboxService,
  ) {}

  /**
   * The person the requester becomes: a new client without a password, or the practice's
   * existing client with that email. Someone else's account is never taken over.
   */
  async clientFor(principal: Principal, row: RequestRow): Promise<PlacedClient | 'elsewhere'> {
    return this.dataSource.transaction(async (tx) => {
      const [existing] = await queryRows(
        tx,
        'account of a requester',
        z.strictObject({
          id: z.guid(),
          practice_id: z.guid(),
          is_client: z.boolean(),
          disabled: z.boolean(),
          has_password: z.boolean(),
        }),
        `SELECT id, practice_id, 'client' = ANY (roles) AS is_client, disabled_at IS NOT NULL AS disabled,
                password_hash IS NOT NULL AS has_password
           FROM person WHERE email = $1`,
        [row.email],
      );
      if (existing) {
        // An account of another practice cannot be placed here (one account per address); its
        // owner is told the practice wanted to offer a place and should contact it.
        if (existing.practice_id !== principal.practiceId && !existing.disabled) {
          await this.tellOwnerOfPlace(tx, principal, existing.id, row);
          return 'elsewhere';
        }
        if (
          existing.practice_id !== principal.practiceId ||
          !existing.is_client ||
          existing.disabled
        ) {
          throw new DomainError('conflict', emailTaken, { reason: 'email_taken' });
        }
        return { id: existing.id, created: false, hasPassword: existing.has_password };
      }
      const [created] = await queryRows(
        tx,
        'client from a request',
        idRow,
        `INSERT INTO person (practice_id, email, display_name, roles, time_zone)
         VALUES ($1, $2, $3, ARRAY['client'], $4) RETURNING id`,
        [principal.practiceId, row.email, row.name, row.time_zone],
      );
      await this.audit.record(
        {
          practiceId: principal.practiceId,
          actorId: principal.personId,
          action: 'person.created_from_request',
          entity: 'person',
          entityId: created!.id,
        },
        tx,
      );
      return { id: created!.id, created: true, hasPassword: false };
    });
  }

  /** Queues the email telling an account's owner that this practice wanted to offer a place. */
  async tellOwnerOfPlace(
    tx: EntityManager,
    principal: Principal,
    ownerId: string,
    row: RequestRow,
  ): Promise<void> {
    const [practice] = await queryRows(
      tx,
      'practice name',
      z.strictObject({ name: z.string() }),
      `SELECT name FROM practice WHERE id = $1`,
      [principal.practiceId],
    );
    await this.outbox.enqueue(tx, {
      kind: 'invitation',
      practiceId: principal.practiceId,
      personId: ownerId,
      message: placeOfferedToExistingAccountMail({
        to: row.email,
        displayName: row.name,
        practiceName: practice!.name,
      }),
    });
  }

  async placeInCourse(
    principal: Principal,
    row: RequestRow,
    body: Extract<AcceptBody, { kind: 'therapist' }>,
    clientId: string,
  ): Promise<{ courseId: string; placement: 'course' }> {
    const focusAreas = body.focusAreas ?? row.focus_areas;
    if (focusAreas.length === 0) {
      throw new DomainError(
        'validation_failed',
        'Invalid body.focusAreas: choose a focus for the course',
        {
          issues: [
            {
              location: 'body',
              path: 'focusAreas',
              message: 'must name at least one focus area; the request did not',
            },
          ],
        },
      );
    }
    const result = await this.courses.create(
      principal,
      {
        title: body.title ?? `${formatNames[row.format]} IPT with ${row.name}`.slice(0, 120),
        format: row.format,
        focusAreas,
        therapistId: body.therapistId,
        timeZone: body.timeZone ?? row.time_zone,
        weekday: body.weekday,
        localTime: body.localTime,
        startDate: body.startDate,
        ...(body.sessionCount ? { sessionCount: body.sessionCount } : {}),
        members: [
          {
            personId: clientId,
            relation: body.relation ?? defaultRelation[row.format] ?? 'member',
            status: 'invited',
          },
        ],
      },
      undefined,
    );
    return { courseId: result.body.id, placement: 'course' };
  }

  async placeInGroup(
    principal: Principal,
    courseId: string,
    clientId: string,
  ): Promise<{ courseId: string; placement: 'roster_place' | 'waitlist' }> {
    const result = await this.courses.addMember(
      principal,
      courseId,
      { personId: clientId, relation: 'member', status: 'invited', waitlist: true },
      undefined,
    );
    return {
      courseId,
      placement: result.body.status === 'waitlisted' ? 'waitlist' : 'roster_place',
    };
  }
}
