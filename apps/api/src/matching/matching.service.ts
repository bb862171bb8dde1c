import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type {
  AcceptedMatch,
  TherapyRequestDetail,
  TherapyRequestExport,
  TherapyRequestForm,
  TherapyRequestReceipt,
  TherapyRequestSummary,
  acceptMatchBodySchema,
  therapyRequestBodySchema,
} from '@hearth/contracts';
import {
  DomainError,
  type BucketRule,
  type Match,
  type MemberRelation,
  formTokenRules,
  judgeFormTiming,
  rankMatches,
  validateAvailability,
} from '@hearth/domain';
import { DataSource, type EntityManager } from 'typeorm';
import type { z } from 'zod';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { isUniqueViolation } from '../database/database-errors';
import { AuditService } from '../identity/audit.service';
import { IdentityService } from '../identity/identity.service';
import { RateLimiter } from '../identity/rate-limiter';
import { signingKey, type Principal } from '../identity/token-service';
import { JsonLogger } from '../logging/json-logger';
import { currentLocation, currentLocations } from '../practice/practice-locations.queries';
import { placeOfferedToExistingAccountMail } from '../mail/mail-messages';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { CoursesService } from '../scheduling/courses.service';
import { inBody } from '../scheduling/scheduling-errors';
import { FormTokens } from './form-token';
import {
  groupCandidates,
  requestRow,
  requestRows,
  therapistCandidates,
  toDetail,
  toSummary,
  type RequestRow,
} from './therapy-request.queries';

type RequestBody = z.output<typeof therapyRequestBodySchema>;
type AcceptBody = z.output<typeof acceptMatchBodySchema>;

/** Per client address: the form may be opened often (reloads), sent rarely. */
export const formOpenRule: BucketRule = { capacity: 30, refillPerSecond: 1 / 10 };
/** Per client address: 5 requests at once, then one every 2 minutes. */
export const submitPerAddressRule: BucketRule = { capacity: 5, refillPerSecond: 1 / 120 };
/** Per practice, from every address together: a flood from many addresses still stops. */
export const submitPerPracticeRule: BucketRule = { capacity: 100, refillPerSecond: 1 / 36 };

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

// Crockford's base32 without I, L, O and U: easy to read out over the phone.
const referenceAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function newReference(): string {
  const bytes = randomBytes(8);
  const chars = [...bytes].map((b) => referenceAlphabet[b & 31]).join('');
  return `HR-${chars.slice(0, 4)}-${chars.slice(4, 8)}`;
}

/** `reason` tells the form what to do: fetch a fresh token (expired, used), or only send again. */
function formTokenIssue(
  reason: 'form_expired' | 'form_used' | 'form_too_fast',
  message: string,
): DomainError {
  return new DomainError('validation_failed', `Invalid body.formToken: ${message}`, {
    reason,
    issues: [{ location: 'body', path: 'formToken', message }],
  });
}

const notFound = () => new DomainError('not_found', 'No such request');
const emailTaken =
  'Someone with this email already has an account that cannot be placed as a client';

/**
 * Marks a form token used, or refuses it when it already was: one form, one request. Tokens
 * older than any that could still be accepted are forgotten on the way.
 */
async function claimFormToken(manager: EntityManager, token: string, now: Date): Promise<void> {
  await manager.query(
    `DELETE FROM used_form_token WHERE used_at < $1::timestamptz - make_interval(secs => $2)`,
    [now, formTokenRules.maxAgeSeconds],
  );
  const claimed = (await manager.query(
    `INSERT INTO used_form_token (token_hash, used_at) VALUES ($1, $2)
     ON CONFLICT DO NOTHING RETURNING 1`,
    [createHash('sha256').update(token).digest('base64url'), now],
  )) as unknown[];
  if (claimed.length === 0) {
    throw formTokenIssue(
      'form_used',
      'was already used to send a request; reload the page if you want to send another',
    );
  }
}

@Injectable()
export class MatchingService {
  private readonly formTokens: FormTokens;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    private readonly audit: AuditService,
    private readonly limiter: RateLimiter,
    private readonly identity: IdentityService,
    private readonly courses: CoursesService,
    @Inject(MailOutboxService) private readonly outbox: MailOutboxService,
  ) {
    this.formTokens = new FormTokens(signingKey(config));
  }

  // ── the public form ──────────────────────────────────────────────────────────────────────

  async form(
    practiceId: string,
    clientAddress: string,
    now = Date.now(),
  ): Promise<TherapyRequestForm> {
    await this.limiter.take('request-form', clientAddress, formOpenRule);
    const [practice] = (await this.dataSource.query(`SELECT name FROM practice WHERE id = $1`, [
      practiceId,
    ])) as { name: string }[];
    if (!practice) throw new DomainError('not_found', 'No such practice');
    const locations = await currentLocations(this.dataSource.manager, practiceId);
    return {
      practiceName: practice.name,
      formToken: this.formTokens.issue(practiceId, now),
      minFillSeconds: this.config.therapyRequests.minFillSeconds,
      locations: locations.map(({ id, name, addressLine }) => ({ id, name, addressLine })),
    };
  }

  /**
   * Stores a request from the public form. A filled honeypot field gets the same answer as a real
   * request but stores nothing, so a script learns nothing from it; a form sent too soon after
   * it was handed out, or with a token that is not ours, is refused with a field error.
   */
  async submit(
    practiceId: string,
    body: RequestBody,
    clientAddress: string,
    now = Date.now(),
  ): Promise<TherapyRequestReceipt> {
    await this.limiter.take('request-submit', clientAddress, submitPerAddressRule);
    await this.limiter.take('request-submit-practice', practiceId, submitPerPracticeRule);
    const [practice] = (await this.dataSource.query(`SELECT id FROM practice WHERE id = $1`, [
      practiceId,
    ])) as { id: string }[];
    if (!practice) throw new DomainError('not_found', 'No such practice');
    const availability = inBody(() => validateAvailability(body.availability));
    const locationId = body.setting === 'remote' ? null : (body.locationId ?? null);
    if (locationId && !(await currentLocation(this.dataSource.manager, practiceId, locationId))) {
      throw new DomainError('validation_failed', 'Invalid body.locationId', {
        issues: [
          {
            location: 'body',
            path: 'locationId',
            message: 'is not a place this practice sees people; reload the page and choose again',
          },
        ],
      });
    }
    const issuedAt = this.formTokens.issuedAt(body.formToken, practiceId);
    const timing =
      issuedAt === undefined
        ? 'expired'
        : judgeFormTiming(issuedAt, now, this.config.therapyRequests.minFillSeconds);
    if (timing === 'expired') {
      throw formTokenIssue(
        'form_expired',
        'has expired or is not valid; reload the page to get a fresh form',
      );
    }
    if (timing === 'too_fast') {
      throw formTokenIssue(
        'form_too_fast',
        'was sent sooner than a person could fill the form in; check your answers and send it again',
      );
    }
    const receivedAt = new Date(now);
    if (body.website) {
      // Burnt like a real one, so a script cannot tell the honeypot by replaying its token.
      await claimFormToken(this.dataSource.manager, body.formToken, receivedAt);
      this.logger.event('info', 'therapy request dropped by the honeypot', {}, 'matching');
      return { reference: newReference(), receivedAt: receivedAt.toISOString() };
    }
    for (let attempt = 0; ; attempt += 1) {
      const reference = newReference();
      try {
        await this.dataSource.transaction(async (tx) => {
          await claimFormToken(tx, body.formToken, receivedAt);
          const [row] = (await tx.query(
            `INSERT INTO therapy_request
               (practice_id, reference, name, email, concern, focus_areas, format, setting,
                languages, time_zone, availability, consent_at, received_at, location_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $12, $13)
             RETURNING id`,
            [
              practiceId,
              reference,
              body.name,
              body.email,
              body.concern,
              body.focusAreas,
              body.format,
              body.setting,
              body.languages,
              body.timeZone,
              JSON.stringify(availability),
              receivedAt,
              locationId,
            ],
          )) as { id: string }[];
          await this.audit.record(
            {
              practiceId,
              actorId: null,
              action: 'therapy_request.received',
              entity: 'therapy_request',
              entityId: row!.id,
            },
            tx,
          );
        });
        return { reference, receivedAt: receivedAt.toISOString() };
      } catch (error) {
        // 40 random bits: a clash is rare, and trying again with another reference is enough.
        if (!isUniqueViolation(error) || attempt >= 2) throw error;
      }
    }
  }

  // ── coordinators ─────────────────────────────────────────────────────────────────────────

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
    const audit = (await this.dataSource.query(
      `SELECT at, action, actor_id FROM audit_event
        WHERE practice_id = $1 AND entity = 'therapy_request' AND entity_id = $2
        ORDER BY id`,
      [principal.practiceId, requestId],
    )) as { at: Date; action: string; actor_id: string | null }[];
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
      const updated = (await tx.query(
        `WITH declined AS (
           UPDATE therapy_request
              SET status = 'declined', decline_reason = $3, decided_at = now(), decided_by = $4
            WHERE id = $1 AND practice_id = $2 AND status = 'open' AND anonymised_at IS NULL
           RETURNING id)
         SELECT id FROM declined`,
        [requestId, principal.practiceId, reason, principal.personId],
      )) as unknown[];
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
    const claimed = (await this.dataSource.query(
      `WITH claimed AS (
         UPDATE therapy_request SET status = 'accepting'
          WHERE id = $1 AND practice_id = $2 AND status = 'open' AND anonymised_at IS NULL
         RETURNING id)
       SELECT id FROM claimed`,
      [requestId, principal.practiceId],
    )) as unknown[];
    if (claimed.length === 0) await this.refuseDecided(requestId, principal);
    const row = (await requestRow(this.dataSource.manager, principal.practiceId, requestId))!;
    let client: { id: string; created: boolean; hasPassword: boolean } | undefined;
    try {
      this.chosenMatch(await this.rank(row, now), body);
      const found = await this.clientFor(principal, row);
      if (found === 'elsewhere') {
        this.outbox.kick();
        throw new DomainError('conflict', emailTaken, { reason: 'email_taken' });
      }
      client = found;
      const placed =
        body.kind === 'therapist'
          ? await this.placeInCourse(principal, row, body, client.id)
          : await this.placeInGroup(principal, body.courseId, client.id);
      const invitation = client.hasPassword
        ? null
        : await this.identity.invite(principal, {
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

  /**
   * The person the requester becomes: a new client without a password, or the practice's
   * existing client with that email. Someone else's account is never taken over.
   */
  private async clientFor(
    principal: Principal,
    row: RequestRow,
  ): Promise<{ id: string; created: boolean; hasPassword: boolean } | 'elsewhere'> {
    return this.dataSource.transaction(async (tx) => {
      const [existing] = (await tx.query(
        `SELECT id, practice_id, 'client' = ANY (roles) AS is_client, disabled_at IS NOT NULL AS disabled,
                password_hash IS NOT NULL AS has_password
           FROM person WHERE email = $1`,
        [row.email],
      )) as {
        id: string;
        practice_id: string;
        is_client: boolean;
        disabled: boolean;
        has_password: boolean;
      }[];
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
      const [created] = (await tx.query(
        `INSERT INTO person (practice_id, email, display_name, roles, time_zone)
         VALUES ($1, $2, $3, ARRAY['client'], $4) RETURNING id`,
        [principal.practiceId, row.email, row.name, row.time_zone],
      )) as { id: string }[];
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
  private async tellOwnerOfPlace(
    tx: EntityManager,
    principal: Principal,
    ownerId: string,
    row: RequestRow,
  ): Promise<void> {
    const [practice] = (await tx.query(`SELECT name FROM practice WHERE id = $1`, [
      principal.practiceId,
    ])) as { name: string }[];
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

  private async placeInCourse(
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

  private async placeInGroup(
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
