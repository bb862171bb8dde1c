import { Inject, Injectable } from '@nestjs/common';
import type {
  AcceptedMatch,
  TherapyRequestDetail,
  TherapyRequestExport,
  TherapyRequestSummary,
  acceptMatchBodySchema,
} from '@hearth/contracts';
import { DomainError, type Match, rankMatches } from '@hearth/domain';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { idRow, queryRows } from '../database/rows';
import { AuditService } from '../identity/audit.service';
import { InvitationsService } from '../identity/invitations.service';
import type { Principal } from '../identity/token-service';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { emailTaken, RequestPlacement, type PlacedClient } from './request-placement';
import {
  groupCandidates,
  requestRow,
  requestRows,
  therapistCandidates,
  toDetail,
  toSummary,
  type RequestRow,
} from './therapy-request.queries';

type AcceptBody = z.output<typeof acceptMatchBodySchema>;

const notFound = () => new DomainError('not_found', 'No such request');

/**
 * Therapy requests as coordinators see them: listed, read with their ranked matches, exported,
 * declined, or accepted — which places the requester through {@link RequestPlacement}.
 */
@Injectable()
export class MatchingService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly invitations: InvitationsService,
    private readonly placement: RequestPlacement,
    @Inject(MailOutboxService) private readonly outbox: MailOutboxService,
  ) {}

  async list(principal: Principal, status: string | undefined): Promise<TherapyRequestSummary[]> {
    const rows = await requestRows(this.dataSource.manager, principal.practiceId, status);
    await this.audit.recordAct(principal, {
      action: 'therapy_request.listed',
      entity: 'therapy_request',
      entityId: null,
    });
    return rows.map(toSummary);
  }

  async get(
    principal: Principal,
    requestId: string,
    now = new Date(),
  ): Promise<TherapyRequestDetail> {
    const row = await requestRow(this.dataSource.manager, principal.practiceId, requestId);
    if (!row) throw notFound();
    await this.audit.recordAct(principal, {
      action: 'therapy_request.viewed',
      entity: 'therapy_request',
      entityId: requestId,
    });
    return toDetail(row, row.status === 'open' ? await this.rank(row, now) : []);
  }

  async export(principal: Principal, requestId: string): Promise<TherapyRequestExport> {
    const row = await requestRow(this.dataSource.manager, principal.practiceId, requestId);
    if (!row) throw notFound();
    await this.audit.recordAct(principal, {
      action: 'therapy_request.exported',
      entity: 'therapy_request',
      entityId: requestId,
    });
    const audit = await queryRows(
      this.dataSource,
      'audit of a therapy request',
      z.strictObject({ at: z.date(), action: z.string(), actor_id: z.guid().nullable() }),
      `SELECT at, action, actor_id FROM audit_event
        WHERE practice_id = $1 AND entity = 'therapy_request' AND entity_id = $2
        ORDER BY id`,
      [principal.practiceId, requestId],
    );
    const { matches: _matches, ...request } = toDetail(row, []);
    return {
      exportedAt: new Date().toISOString(),
      practiceId: principal.practiceId,
      request,
      consentGivenAt: row.consent_at ? new Date(row.consent_at).toISOString() : null,
      audit: audit.map((a) => ({
        at: new Date(a.at).toISOString(),
        action: a.action,
        actorId: a.actor_id,
      })),
    };
  }

  async decline(
    principal: Principal,
    requestId: string,
    reason: string,
  ): Promise<TherapyRequestDetail> {
    await this.dataSource.transaction(async (tx) => {
      const updated = await queryRows(
        tx,
        'decline a therapy request',
        idRow,
        `WITH declined AS (
           UPDATE therapy_request
              SET status = 'declined', decline_reason = $3, decided_at = now(), decided_by = $4
            WHERE id = $1 AND practice_id = $2 AND status = 'open' AND anonymised_at IS NULL
           RETURNING id)
         SELECT id FROM declined`,
        [requestId, principal.practiceId, reason, principal.personId],
      );
      if (updated.length === 0) await this.refuseDecided(requestId, principal);
      await this.audit.recordAct(
        principal,
        { action: 'therapy_request.declined', entity: 'therapy_request', entityId: requestId },
        tx,
      );
    });
    return this.detailAfterDecision(principal, requestId);
  }

  /**
   * Accepts one of the request's current matches. The requester becomes a client of the
   * practice (without a password until they accept the invitation), then gets a course with the
   * therapist or a place — or a waitlist entry — in the group, through the same scheduling rules
   * as any other course, and an invitation that lets them set a password and see it.
   *
   * The request is claimed first, so two coordinators cannot both place the same person; if the
   * placement is refused (the therapist is booked then, say) the client made for it is removed
   * and the request is open again.
   */
  async accept(
    principal: Principal,
    requestId: string,
    body: AcceptBody,
    now = new Date(),
  ): Promise<AcceptedMatch> {
    const claimed = await queryRows(
      this.dataSource,
      'claim a therapy request',
      idRow,
      `WITH claimed AS (
         UPDATE therapy_request SET status = 'accepting'
          WHERE id = $1 AND practice_id = $2 AND status = 'open' AND anonymised_at IS NULL
         RETURNING id)
       SELECT id FROM claimed`,
      [requestId, principal.practiceId],
    );
    if (claimed.length === 0) await this.refuseDecided(requestId, principal);
    const row = (await requestRow(this.dataSource.manager, principal.practiceId, requestId))!;
    let client: PlacedClient | undefined;
    try {
      this.chosenMatch(await this.rank(row, now), body);
      const found = await this.placement.clientFor(principal, row);
      if (found === 'elsewhere') {
        this.outbox.kick();
        throw new DomainError('conflict', emailTaken, { reason: 'email_taken' });
      }
      client = found;
      const placed =
        body.kind === 'therapist'
          ? await this.placement.placeInCourse(principal, row, body, client.id)
          : await this.placement.placeInGroup(principal, body.courseId, client.id);
      const invitation = client.hasPassword
        ? null
        : await this.invitations.invite(principal, {
            email: row.email,
            displayName: row.name,
            roles: ['client'],
            // The requester gave their email on the form: the link goes to them.
            sendEmail: true,
          });
      await this.dataSource.transaction(async (tx) => {
        await tx.query(
          `UPDATE therapy_request
              SET status = 'matched', decided_at = now(), decided_by = $2, course_id = $3,
                  client_id = $4, invitation_id = $5, placement = $6
            WHERE id = $1`,
          [
            requestId,
            principal.personId,
            placed.courseId,
            client!.id,
            invitation?.invitation.id ?? null,
            placed.placement,
          ],
        );
        await this.audit.recordAct(
          principal,
          { action: 'therapy_request.accepted', entity: 'therapy_request', entityId: requestId },
          tx,
        );
      });
      const acceptPath = invitation ? `/invitations/${invitation.token}` : null;
      return {
        request: await this.detailAfterDecision(principal, requestId),
        courseId: placed.courseId,
        placement: placed.placement,
        invitation:
          invitation && acceptPath
            ? {
                id: invitation.invitation.id,
                acceptPath,
                expiresAt: invitation.invitation.expiresAt.toISOString(),
                email: invitation.email,
              }
            : null,
      };
    } catch (error) {
      await this.reopen(requestId, client);
      throw error;
    }
  }

  // ── helpers ──────────────────────────────────────────────────────────────────────────────

  private async rank(row: RequestRow, now: Date): Promise<TherapyRequestDetail['matches']> {
    const manager = this.dataSource.manager;
    const [therapists, groups] = await Promise.all([
      therapistCandidates(manager, row.practice_id, now),
      groupCandidates(manager, row.practice_id, now),
    ]);
    const matches = rankMatches(
      {
        format: row.format,
        focusAreas: row.focus_areas,
        setting: row.setting,
        location:
          row.location_id && row.location_name && !row.location_retired
            ? { id: row.location_id, name: row.location_name }
            : null,
        languages: row.languages,
        timeZone: row.time_zone,
        availability: row.availability,
      },
      { therapists, groups },
      now,
    );
    return matches.map((m: Match) => ({
      kind: m.kind,
      rank: m.rank,
      score: m.score,
      therapist: { personId: m.therapistId, displayName: m.displayName },
      group:
        m.kind === 'group'
          ? {
              courseId: m.courseId,
              title: m.title,
              firstSessionAt: m.firstSessionAt.toISOString(),
              placesLeft: m.placesLeft,
            }
          : null,
      suggestedSlot: m.kind === 'therapist' ? m.suggestedSlot : null,
      reasons: [...m.reasons],
      cautions: [...m.cautions],
    }));
  }

  // Only a current match can be accepted: the ranking's hard filters are the practice's rules.
  private chosenMatch(
    matches: TherapyRequestDetail['matches'],
    body: AcceptBody,
  ): TherapyRequestDetail['matches'][number] {
    const match = matches.find((m) =>
      body.kind === 'therapist'
        ? m.kind === 'therapist' && m.therapist.personId === body.therapistId
        : m.kind === 'group' && m.group?.courseId === body.courseId,
    );
    if (!match) {
      throw new DomainError(
        'conflict',
        body.kind === 'therapist'
          ? 'This therapist is not a match for the request (any more)'
          : 'This group is not a match for the request (any more)',
        { reason: 'not_a_match' },
      );
    }
    return match;
  }

  private async reopen(
    requestId: string,
    client: { id: string; created: boolean } | undefined,
  ): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.query(
        `UPDATE therapy_request SET status = 'open' WHERE id = $1 AND status = 'accepting'`,
        [requestId],
      );
      // The client made for this placement is taken away again, unless something now refers to them.
      if (client?.created) {
        await tx.query(
          `DELETE FROM person p WHERE p.id = $1 AND p.password_hash IS NULL
              AND NOT EXISTS (SELECT 1 FROM roster_member m WHERE m.person_id = p.id)
              AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.person_id = p.id)
              AND NOT EXISTS (SELECT 1 FROM audit_event a WHERE a.actor_id = p.id)`,
          [client.id],
        );
      }
    });
  }

  private async refuseDecided(requestId: string, principal: Principal): Promise<never> {
    const row = await requestRow(this.dataSource.manager, principal.practiceId, requestId);
    if (!row) throw notFound();
    throw new DomainError(
      'conflict',
      row.status === 'accepting'
        ? 'Another coordinator is placing this request right now'
        : `This request was already ${row.status === 'matched' ? 'accepted' : 'declined'}`,
      { reason: 'already_decided', status: row.status },
    );
  }

  private async detailAfterDecision(
    principal: Principal,
    requestId: string,
  ): Promise<TherapyRequestDetail> {
    const row = await requestRow(this.dataSource.manager, principal.practiceId, requestId);
    if (!row) throw notFound();
    return toDetail(row, []);
  }
}
