import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type {
  TherapyRequestForm,
  TherapyRequestReceipt,
  therapyRequestBodySchema,
} from '@hearth/contracts';
import {
  DomainError,
  type BucketRule,
  formTokenRules,
  judgeFormTiming,
  validateAvailability,
} from '@hearth/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { isUniqueViolation } from '../database/database-errors';
import { AuditService } from '../identity/audit.service';
import { RateLimiter } from '../identity/rate-limiter';
import { signingKey } from '../identity/token-service';
import { JsonLogger } from '../logging/json-logger';
import { currentLocation, currentLocations } from '../practice/practice-locations.queries';
import { inBody } from '../scheduling/scheduling-errors';
import { FormTokens } from './form-token';
import { anyRow, idRow, queryRows } from '../database/rows';

type RequestBody = z.output<typeof therapyRequestBodySchema>;

/** Per client address: the form may be opened often (reloads), sent rarely. */
export const formOpenRule: BucketRule = { capacity: 30, refillPerSecond: 1 / 10 };
/** Per client address: 5 requests at once, then one every 2 minutes. */
export const submitPerAddressRule: BucketRule = { capacity: 5, refillPerSecond: 1 / 120 };
/** Per practice, from every address together: a flood from many addresses still stops. */
export const submitPerPracticeRule: BucketRule = { capacity: 100, refillPerSecond: 1 / 36 };

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

/**
 * Marks a form token used, or refuses it when it already was: one form, one request. Tokens
 * older than any that could still be accepted are forgotten on the way.
 */
async function claimFormToken(manager: EntityManager, token: string, now: Date): Promise<void> {
  await manager.query(
    `DELETE FROM used_form_token WHERE used_at < $1::timestamptz - make_interval(secs => $2)`,
    [now, formTokenRules.maxAgeSeconds],
  );
  const claimed = await queryRows(
    manager,
    'claim a form token',
    anyRow,
    `INSERT INTO used_form_token (token_hash, used_at) VALUES ($1, $2)
     ON CONFLICT DO NOTHING RETURNING 1`,
    [createHash('sha256').update(token).digest('base64url'), now],
  );
  if (claimed.length === 0) {
    throw formTokenIssue(
      'form_used',
      'was already used to send a request; reload the page if you want to send another',
    );
  }
}

/**
 * The public side of therapy requests: the form a practice links from its website, and the
 * requests it sends. No account is involved, so every step is rate-limited and the form carries
 * a signed, single-use token that also tells a script from a person by how fast it was filled in.
 */
@Injectable()
export class RequestIntakeService {
  private readonly formTokens: FormTokens;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    private readonly audit: AuditService,
    private readonly limiter: RateLimiter,
  ) {
    this.formTokens = new FormTokens(signingKey(config));
  }

  async form(
    practiceId: string,
    clientAddress: string,
    now = Date.now(),
  ): Promise<TherapyRequestForm> {
    await this.limiter.take('request-form', clientAddress, formOpenRule);
    const [practice] = await queryRows(
      this.dataSource,
      'practice of a request form',
      z.strictObject({ name: z.string() }),
      `SELECT name FROM practice WHERE id = $1`,
      [practiceId],
    );
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
    const [practice] = await queryRows(
      this.dataSource,
      'practice of a request',
      idRow,
      `SELECT id FROM practice WHERE id = $1`,
      [practiceId],
    );
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
          const [row] = await queryRows(
            tx,
            'store a therapy request',
            idRow,
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
          );
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
}
