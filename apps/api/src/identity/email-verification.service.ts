import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { accountLinkUsable, DomainError, emailVerificationHours } from '@hearth/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { isUniqueViolation } from '../database/database-errors';
import { emailChangingNotice, verificationMail } from '../mail/mail-messages';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { SiteUrl } from '../mail/site-url';
import { AuditService } from './audit.service';
import { AccountTokenEntity, PersonEntity } from './identity.entities';
import { hashOpaqueToken, newOpaqueToken } from './token-service';
import { queryRows } from '../database/rows';

const invalidLink = 'This confirmation link is not valid or has expired; ask for a new one';

/**
 * Email confirmation: new coordinators confirm the address they signed up with, and a change of
 * address takes effect only once the new one is confirmed (the old one is told).
 */
@Injectable()
export class EmailVerificationService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(MailOutboxService) private readonly outbox: MailOutboxService,
    @Inject(SiteUrl) private readonly site: SiteUrl,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  /**
   * Queues a confirmation link for `email` in the caller's transaction (earlier links stop
   * working); for a change of address, the current address is told as well. The caller kicks the
   * outbox once it commits.
   */
  async send(
    tx: EntityManager,
    person: PersonEntity,
    email: string,
    change: boolean,
  ): Promise<void> {
    const token = newOpaqueToken();
    await tx.query(
      `UPDATE account_token SET used_at = now()
        WHERE person_id = $1 AND purpose = 'email_verification' AND used_at IS NULL`,
      [person.id],
    );
    await tx.insert(AccountTokenEntity, {
      personId: person.id,
      purpose: 'email_verification',
      tokenHash: hashOpaqueToken(token),
      email,
      expiresAt: new Date(Date.now() + emailVerificationHours * 3_600_000),
    });
    await this.outbox.enqueue(tx, {
      kind: 'email_verification',
      practiceId: person.practiceId,
      personId: person.id,
      message: verificationMail({
        to: email,
        displayName: person.displayName,
        url: this.site.link(`/verify-email/${token}`),
        hours: emailVerificationHours,
        change,
      }),
    });
    if (change) {
      await this.outbox.enqueue(tx, {
        kind: 'email_changed',
        practiceId: person.practiceId,
        personId: person.id,
        message: emailChangingNotice({ to: person.email, displayName: person.displayName }),
      });
    }
  }

  /** The address waiting to be confirmed, if a change is under way. */
  async pendingEmail(manager: EntityManager, person: PersonEntity): Promise<string | null> {
    const [row] = await queryRows(
      manager,
      'email of a verification token',
      z.strictObject({ email: z.string() }),
      `SELECT email FROM account_token
        WHERE person_id = $1 AND purpose = 'email_verification' AND used_at IS NULL
          AND expires_at > now() AND email <> $2
        ORDER BY created_at DESC LIMIT 1`,
      [person.id, person.email],
    );
    return row?.email ?? null;
  }

  /** Sends the link again: to the address waiting to be confirmed, or the current one. */
  async resend(personId: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const person = await tx.findOneByOrFail(PersonEntity, { id: personId });
      const pending = await this.pendingEmail(tx, person);
      if (!pending && person.emailVerifiedAt) {
        throw new DomainError('conflict', 'Your email address is already confirmed');
      }
      await this.send(tx, person, pending ?? person.email, pending !== null);
    });
    this.outbox.kick();
  }

  /** Confirms the address the link was sent to; a new address replaces the old one. */
  async verify(token: string): Promise<string> {
    try {
      return await this.dataSource.transaction(async (tx) => {
        const link = await tx.findOne(AccountTokenEntity, {
          where: { tokenHash: hashOpaqueToken(token), purpose: 'email_verification' },
          lock: { mode: 'pessimistic_write' },
        });
        if (!link || !accountLinkUsable(link, new Date())) {
          throw new DomainError('not_found', invalidLink);
        }
        const person = await tx.findOne(PersonEntity, {
          where: { id: link.personId },
          lock: { mode: 'pessimistic_write' },
        });
        if (!person || person.disabledAt) throw new DomainError('not_found', invalidLink);
        await tx.update(AccountTokenEntity, { id: link.id }, { usedAt: new Date() });
        const changed = link.email !== person.email;
        await tx.update(
          PersonEntity,
          { id: person.id },
          { email: link.email, emailVerifiedAt: new Date() },
        );
        await this.audit.record(
          {
            practiceId: person.practiceId,
            actorId: person.id,
            action: changed ? 'person.email_changed' : 'person.email_verified',
            entity: 'person',
            entityId: person.id,
          },
          tx,
        );
        return link.email;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError('conflict', 'This address is already used by another account', {
          field: 'email',
        });
      }
      throw error;
    }
  }
}
