import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { z } from 'zod';
import { type BucketRule, DomainError } from '@hearth/domain';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '../database/database-errors';
import { JsonLogger } from '../logging/json-logger';
import { signUpAttemptMail, signUpConfirmationMail } from '../mail/mail-messages';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { SiteUrl } from '../mail/site-url';
import { AuditService } from './audit.service';
import { PersonEntity, PracticeEntity } from './identity.entities';
import { assertStrongPassword } from './password-policy';
import { hashPassword } from './passwords';
import { perAddressLogin, RateLimiter } from './rate-limiter';
import { type IssuedSession, SignInsService } from './sign-ins.service';
import { hashOpaqueToken, newOpaqueToken } from './token-service';
import { queryRows } from '../database/rows';

/** How long a sign-up's confirmation link works. */
export const signUpLinkHours = 24;
/** Per address signed up with: three emails, then one every ten minutes — no inbox flooded. */
const perEmailSignUp: BucketRule = { capacity: 3, refillPerSecond: 1 / 600 };
/** Expired sign-ups are deleted this often (and whenever someone signs up). */
const sweepMinutes = 10;

const invalidLink = 'This link is not valid or has expired; sign up again';

export interface SignUpInput {
  practiceName: string;
  displayName: string;
  email: string;
  password: string;
  timeZone: string;
}

/**
 * Creating a practice without telling anyone whether an address has an account: every sign-up
 * answers the same, and only the owner of the address learns what happened, by email. A new
 * address gets a single-use link (24 hours; only its SHA-256 is kept) and the sign-up waits in
 * `pending_sign_up` — nothing of the practice or the person exists until the link is opened. An
 * address that already has an account gets an email saying someone tried, with links to sign in
 * and to choose a new password. The password is hashed in both cases, so both take as long.
 */
@Injectable()
export class SignUpService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(MailOutboxService) private readonly outbox: MailOutboxService,
    @Inject(SiteUrl) private readonly site: SiteUrl,
    @Inject(SignInsService) private readonly signIns: SignInsService,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running = this.running
        .then(() => this.deleteExpired())
        .catch((error: unknown) => {
          this.logger.event(
            'error',
            'expired sign-up sweep failed',
            { errorClass: (error as Error)?.constructor?.name },
            'identity',
          );
        });
    }, sweepMinutes * 60_000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /**
   * Deletes every sign-up whose link has expired, and the record of sign-up emails nobody
   * confirmed once their link could no longer work (their address is all they still hold);
   * returns how many sign-ups went.
   */
  async deleteExpired(): Promise<number> {
    await this.dataSource.query(
      `DELETE FROM mail_outbox
        WHERE kind = 'sign_up' AND person_id IS NULL AND status <> 'pending'
          AND created_at < now() - make_interval(hours => $1)`,
      [signUpLinkHours],
    );
    const rows = await queryRows(
      this.dataSource,
      'expire pending sign-ups',
      z.strictObject({ n: z.number().int() }),
      `WITH gone AS (DELETE FROM pending_sign_up WHERE expires_at <= now() RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
    );
    return rows[0]?.n ?? 0;
  }

  /** Holds a new sign-up or tells the owner of a known address; the caller answers the same. */
  async signUp(input: SignUpInput, clientAddress: string): Promise<void> {
    await this.limiter.take('sign-up', clientAddress, perAddressLogin);
    assertStrongPassword(input.password, input);
    const passwordHash = await hashPassword(input.password);
    // Counted without refusing: a refusal would say the address is being signed up with.
    if (!(await this.limiter.count('sign-up-email', input.email, perEmailSignUp)).allowed) return;
    const token = newOpaqueToken();
    await this.dataSource.transaction(async (tx) => {
      await tx.query(`DELETE FROM pending_sign_up WHERE expires_at <= now()`);
      const owner = await tx.findOne(PersonEntity, { where: { email: input.email } });
      if (owner) {
        await this.outbox.enqueue(tx, {
          kind: 'sign_up',
          // No practice: its coordinators must not see this among their undelivered mail.
          practiceId: null,
          personId: owner.id,
          message: signUpAttemptMail({
            to: owner.email,
            displayName: owner.displayName,
            signInUrl: this.site.link('/sign-in'),
            forgotPasswordUrl: this.site.link('/forgot-password'),
          }),
        });
        await this.audit.record(
          {
            practiceId: owner.practiceId,
            actorId: null,
            action: 'person.sign_up_attempted',
            entity: 'person',
            entityId: owner.id,
          },
          tx,
        );
        return;
      }
      // One sign-up per address: a newer one replaces the older, whose link stops working.
      await tx.query(
        `INSERT INTO pending_sign_up
           (email, practice_name, display_name, time_zone, password_hash, token_hash, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(hours => $7))
         ON CONFLICT (email) DO UPDATE
           SET practice_name = EXCLUDED.practice_name, display_name = EXCLUDED.display_name,
               time_zone = EXCLUDED.time_zone, password_hash = EXCLUDED.password_hash,
               token_hash = EXCLUDED.token_hash, expires_at = EXCLUDED.expires_at,
               created_at = now()`,
        [
          input.email,
          input.practiceName,
          input.displayName,
          input.timeZone,
          passwordHash,
          hashOpaqueToken(token),
          signUpLinkHours,
        ],
      );
      await this.outbox.enqueue(tx, {
        kind: 'sign_up',
        practiceId: null,
        personId: null,
        message: signUpConfirmationMail({
          to: input.email,
          displayName: input.displayName,
          practiceName: input.practiceName,
          url: this.site.link(`/confirm-sign-up/${token}`),
          hours: signUpLinkHours,
        }),
      });
    });
    this.outbox.kick();
  }

  /**
   * Opens a sign-up's link: creates the practice and its coordinator (address confirmed) and
   * signs them in. The link works once; an unknown, used or expired one is simply "not valid".
   */
  async confirm(token: string, clientAddress: string, device: string): Promise<IssuedSession> {
    await this.limiter.take('sign-up-confirm', clientAddress, perAddressLogin);
    const tokenHash = hashOpaqueToken(token);
    let issued: IssuedSession | null;
    try {
      issued = await this.dataSource.transaction(async (tx) => {
        // Deleted as it is read: a second opening (even at the same moment) finds nothing. (In
        // a CTE so the statement is a SELECT: TypeORM answers [rows, count] to a bare DELETE.)
        const [pending] = await queryRows(
          tx,
          'open a pending sign-up',
          z.strictObject({
            email: z.string(),
            practice_name: z.string(),
            display_name: z.string(),
            time_zone: z.string(),
            password_hash: z.string(),
            expired: z.boolean(),
          }),
          `WITH taken AS (
             DELETE FROM pending_sign_up WHERE token_hash = $1
             RETURNING email, practice_name, display_name, time_zone, password_hash,
                       expires_at <= now() AS expired)
           SELECT * FROM taken`,
          [tokenHash],
        );
        // An expired one is deleted all the same (this commits), then refused.
        if (!pending || pending.expired) return null;
        const practice = await tx.save(tx.create(PracticeEntity, { name: pending.practice_name }));
        const person = await tx.save(
          tx.create(PersonEntity, {
            practiceId: practice.id,
            email: pending.email,
            displayName: pending.display_name,
            roles: ['coordinator'],
            timeZone: pending.time_zone,
            passwordHash: pending.password_hash,
            emailVerifiedAt: new Date(),
          }),
        );
        // The confirmation email is the person's mail from now on (erasure deletes it).
        await tx.query(
          `UPDATE mail_outbox SET person_id = $2
            WHERE kind = 'sign_up' AND to_address = $1 AND person_id IS NULL`,
          [pending.email, person.id],
        );
        for (const [action, entity, entityId] of [
          ['practice.created', 'practice', practice.id],
          ['person.email_verified', 'person', person.id],
        ] as const) {
          await this.audit.record(
            { practiceId: practice.id, actorId: person.id, action, entity, entityId },
            tx,
          );
        }
        return this.signIns.issue(person, tx, { device });
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // The address got an account another way since; the link holder owns the address, so
      // telling them is telling nobody else.
      await this.dataSource.query(`DELETE FROM pending_sign_up WHERE token_hash = $1`, [tokenHash]);
      throw new DomainError('conflict', 'This address already has an account; sign in instead', {
        field: 'email',
      });
    }
    if (!issued) throw new DomainError('not_found', invalidLink);
    return issued;
  }
}
