import { Inject, Injectable } from '@nestjs/common';
import type { BucketRule } from '@hearth/domain';
import { accountLinkUsable, DomainError, passwordResetMinutes } from '@hearth/domain';
import { DataSource } from 'typeorm';
import { passwordResetMail } from '../mail/mail-messages';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { SiteUrl } from '../mail/site-url';
import { AccessStateService } from './access-state.service';
import { AuditService } from './audit.service';
import { AccountTokenEntity, PersonEntity } from './identity.entities';
import { SignInsService } from './sign-ins.service';
import { assertStrongPassword } from './password-policy';
import { hashPassword } from './passwords';
import { perAddressLogin, RateLimiter } from './rate-limiter';
import { hashOpaqueToken, newOpaqueToken } from './token-service';

/** Per address asked about: three links, then one every ten minutes — no one's inbox flooded. */
const perEmailReset: BucketRule = { capacity: 3, refillPerSecond: 1 / 600 };

const invalidLink = 'This reset link is not valid or has expired; ask for a new one';

/**
 * Forgotten passwords: a single-use link (stored as a hash, 30 minutes) to the account's address;
 * choosing a new password ends every sign-in of the account.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(MailOutboxService) private readonly outbox: MailOutboxService,
    @Inject(SiteUrl) private readonly site: SiteUrl,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(SignInsService) private readonly signIns: SignInsService,
    @Inject(AccessStateService) private readonly access: AccessStateService,
  ) {}

  /**
   * Emails a reset link when the address has an account that can sign in. The caller answers
   * the same either way, so the form does not tell who has an account.
   */
  async forgot(email: string, clientAddress: string): Promise<void> {
    await this.limiter.take('reset-address', clientAddress, perAddressLogin);
    // Counted without refusing or a RateLimit header: either would say the address is being
    // asked about.
    if (!(await this.limiter.count('reset-email', email, perEmailReset)).allowed) return;
    const queued = await this.dataSource.transaction(async (tx) => {
      const person = await tx.findOne(PersonEntity, { where: { email } });
      if (!person || person.disabledAt) return false;
      const token = newOpaqueToken();
      // Only the newest link works.
      await tx.query(
        `UPDATE account_token SET used_at = now()
          WHERE person_id = $1 AND purpose = 'password_reset' AND used_at IS NULL`,
        [person.id],
      );
      await tx.insert(AccountTokenEntity, {
        personId: person.id,
        purpose: 'password_reset',
        tokenHash: hashOpaqueToken(token),
        email: person.email,
        expiresAt: new Date(Date.now() + passwordResetMinutes * 60_000),
      });
      await this.outbox.enqueue(tx, {
        kind: 'password_reset',
        practiceId: person.practiceId,
        personId: person.id,
        message: passwordResetMail({
          to: person.email,
          displayName: person.displayName,
          url: this.site.link(`/reset-password/${token}`),
          minutes: passwordResetMinutes,
        }),
      });
      await this.audit.record(
        {
          practiceId: person.practiceId,
          actorId: null,
          action: 'person.password_reset_requested',
          entity: 'person',
          entityId: person.id,
        },
        tx,
      );
      return true;
    });
    if (queued) this.outbox.kick();
  }

  /** Sets the new password, uses up the link and ends every sign-in of the account. */
  async reset(token: string, password: string, clientAddress: string): Promise<void> {
    await this.limiter.take('reset-address', clientAddress, perAddressLogin);
    const passwordHash = await hashPassword(password);
    const personId = await this.dataSource.transaction(async (tx) => {
      const link = await tx.findOne(AccountTokenEntity, {
        where: { tokenHash: hashOpaqueToken(token), purpose: 'password_reset' },
        lock: { mode: 'pessimistic_write' },
      });
      if (!link || !accountLinkUsable(link, new Date())) {
        throw new DomainError('not_found', invalidLink);
      }
      const person = await tx.findOne(PersonEntity, {
        where: { id: link.personId },
        lock: { mode: 'pessimistic_write' },
      });
      // The link was sent to an address the account no longer has: it proves nothing now.
      if (!person || person.disabledAt || person.email !== link.email) {
        throw new DomainError('not_found', invalidLink);
      }
      // Refused before the link is used up, so the person can try another password with it.
      assertStrongPassword(password, person);
      await tx.update(AccountTokenEntity, { id: link.id }, { usedAt: new Date() });
      await tx.query(
        `UPDATE person SET password_hash = $2, email_verified_at = coalesce(email_verified_at, now())
          WHERE id = $1`,
        [person.id, passwordHash],
      );
      await this.signIns.signOutEverywhere(person.id, tx);
      await this.audit.record(
        {
          practiceId: person.practiceId,
          actorId: person.id,
          action: 'person.password_reset',
          entity: 'person',
          entityId: person.id,
        },
        tx,
      );
      return person.id;
    });
    this.access.ended({ personId });
  }
}
