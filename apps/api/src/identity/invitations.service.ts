import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { Role } from '@hearth/contracts';
import { DomainError } from '@hearth/domain';
import { DataSource, type EntityManager } from 'typeorm';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { isUniqueViolation } from '../database/database-errors';
import { queryRows } from '../database/rows';
import { invitationMail, invitationToExistingAccountMail } from '../mail/mail-messages';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { SiteUrl } from '../mail/site-url';
import { acceptPlacesWithInvitation } from '../scheduling/roster-lifecycle.queries';
import { AuditService } from './audit.service';
import { type InvitationStatus, invitationStatus } from './invitation-status';
import { InvitationEntity, PersonEntity, PracticeEntity } from './identity.entities';
import { assertStrongPassword } from './password-policy';
import { hashPassword } from './passwords';
import { type IssuedSession, SignInsService } from './sign-ins.service';
import { perAddressLogin, RateLimiter } from './rate-limiter';
import { hashOpaqueToken, newOpaqueToken, type Principal } from './token-service';

const invalidInvitation = 'This invitation link is not valid or has expired';
const alreadyInPractice = 'Someone with this email is already in your practice';

/** A new invitation with its link, and what became of the email asked for. */
export interface CreatedInvitation {
  readonly invitation: InvitationEntity;
  readonly token: string;
  readonly email: 'queued' | 'logged' | 'not_requested';
}

/**
 * Invitations into a practice: made, listed, revoked, sent again, previewed and accepted (which
 * signs the person in, and gives them the places already held for them).
 */
@Injectable()
export class InvitationsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: Config,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditService,
    @Inject(MailOutboxService) private readonly outbox: MailOutboxService,
    @Inject(SiteUrl) private readonly site: SiteUrl,
    @Inject(SignInsService) private readonly signIns: SignInsService,
  ) {}

  async invite(
    principal: Principal,
    input: { email: string; displayName: string; roles: Role[]; sendEmail?: boolean },
  ): Promise<CreatedInvitation> {
    const token = newOpaqueToken();
    const created = await this.dataSource.transaction(async (tx) => {
      // A client placed from a request for therapy exists before they have a password; inviting
      // them is how they get one. Anyone else with this email already has an account.
      const [existing] = await queryRows(
        tx,
        'account of an invitee',
        z.strictObject({ practice_id: z.guid(), placed: z.boolean() }),
        `SELECT practice_id, password_hash IS NULL AND disabled_at IS NULL AS placed
           FROM person WHERE email = $1`,
        [input.email],
      );
      // Someone of another practice is invited like anyone else, so the answer never tells a
      // coordinator who has an account elsewhere; only the owner is told, by email.
      if (existing && existing.practice_id === principal.practiceId && !existing.placed) {
        throw new DomainError('conflict', alreadyInPractice, { field: 'email' });
      }
      const elsewhere = existing !== undefined && existing.practice_id !== principal.practiceId;
      const invitation = await tx.save(
        tx.create(InvitationEntity, {
          practiceId: principal.practiceId,
          email: input.email,
          displayName: input.displayName,
          roles: input.roles,
          tokenHash: hashOpaqueToken(token),
          expiresAt: new Date(Date.now() + this.config.auth.invitationTtlHours * 3_600_000),
          createdBy: principal.personId,
        }),
      );
      await this.audit.record(
        {
          practiceId: principal.practiceId,
          actorId: principal.personId,
          action: 'invitation.created',
          entity: 'invitation',
          entityId: invitation.id,
        },
        tx,
      );
      return {
        invitation,
        token,
        email: await this.emailInvitation(
          tx,
          principal,
          invitation,
          token,
          input.sendEmail,
          elsewhere,
        ),
      };
    });
    if (created.email !== 'not_requested') this.outbox.kick();
    return created;
  }

  /**
   * Queues the invitation's email when one is asked for (after the invitation is written). To an
   * address that has an account in another practice it says so, with a sign-in link instead of
   * one that could not be accepted; to the coordinator both look the same (kind and subject).
   */
  private async emailInvitation(
    tx: EntityManager,
    principal: Principal,
    invitation: InvitationEntity,
    token: string,
    sendEmail: boolean | undefined,
    elsewhere = false,
  ): Promise<CreatedInvitation['email']> {
    if (!sendEmail) return 'not_requested';
    const [sender] = await queryRows(
      tx,
      'sender of an invitation',
      z.strictObject({ practice_name: z.string(), time_zone: z.string() }),
      `SELECT pr.name AS practice_name, p.time_zone FROM person p
         JOIN practice pr ON pr.id = p.practice_id WHERE p.id = $1`,
      [principal.personId],
    );
    await this.outbox.enqueue(tx, {
      kind: 'invitation',
      practiceId: invitation.practiceId,
      personId: null,
      message: elsewhere
        ? invitationToExistingAccountMail({
            to: invitation.email,
            displayName: invitation.displayName,
            practiceName: sender!.practice_name,
            signInUrl: this.site.link('/sign-in'),
            forgotPasswordUrl: this.site.link('/forgot-password'),
          })
        : invitationMail({
            to: invitation.email,
            displayName: invitation.displayName,
            practiceName: sender!.practice_name,
            url: this.site.link(`/invitations/${token}`),
            expiresAt: invitation.expiresAt,
            timeZone: sender!.time_zone,
          }),
    });
    return this.outbox.delivers ? 'queued' : 'logged';
  }

  /** The practice's invitations, newest first; with a status, only those that have it now. */
  async listInvitations(
    principal: Principal,
    status?: InvitationStatus,
  ): Promise<{ invitation: InvitationEntity; status: InvitationStatus }[]> {
    const now = new Date();
    const query = this.dataSource
      .getRepository(InvitationEntity)
      .createQueryBuilder('i')
      .where('i.practice_id = :practiceId', { practiceId: principal.practiceId })
      .orderBy('i.created_at', 'DESC')
      .addOrderBy('i.id', 'DESC');
    // The same rules as invitationStatus, so the filter and the status shown never disagree.
    if (status === 'accepted') query.andWhere('i.accepted_at IS NOT NULL');
    if (status === 'revoked') query.andWhere('i.accepted_at IS NULL AND i.revoked_at IS NOT NULL');
    if (status === 'pending' || status === 'expired') {
      query
        .andWhere('i.accepted_at IS NULL AND i.revoked_at IS NULL')
        .andWhere(status === 'pending' ? 'i.expires_at > :now' : 'i.expires_at <= :now', { now });
    }
    const invitations = await query.getMany();
    await this.audit.record({
      practiceId: principal.practiceId,
      actorId: principal.personId,
      action: 'invitation.listed',
      entity: 'invitation',
      entityId: null,
    });
    return invitations.map((invitation) => ({
      invitation,
      status: invitationStatus(invitation, now),
    }));
  }

  /** Stops a pending invitation's link at once. */
  async revokeInvitation(principal: Principal, invitationId: string): Promise<InvitationEntity> {
    return this.dataSource.transaction(async (tx) => {
      const invitation = await this.lockedInvitation(tx, principal, invitationId);
      const status = invitationStatus(invitation, new Date());
      if (status !== 'pending') {
        throw new DomainError(
          'conflict',
          `Only a pending invitation can be revoked; this one is ${status}`,
          {
            status,
          },
        );
      }
      invitation.revokedAt = new Date();
      await tx.update(InvitationEntity, { id: invitation.id }, { revokedAt: invitation.revokedAt });
      await this.audit.record(
        {
          practiceId: principal.practiceId,
          actorId: principal.personId,
          action: 'invitation.revoked',
          entity: 'invitation',
          entityId: invitation.id,
        },
        tx,
      );
      return invitation;
    });
  }

  /**
   * Sends a pending or expired invitation again: the old link stops working and a new invitation
   * for the same person and roles gets a new single-use link with a fresh expiry.
   */
  async resendInvitation(
    principal: Principal,
    invitationId: string,
    sendEmail = false,
  ): Promise<CreatedInvitation> {
    const token = newOpaqueToken();
    const created = await this.dataSource.transaction(async (tx) => {
      const old = await this.lockedInvitation(tx, principal, invitationId);
      const status = invitationStatus(old, new Date());
      if (status !== 'pending' && status !== 'expired') {
        throw new DomainError('conflict', `This invitation is ${status}; it cannot be sent again`, {
          status,
        });
      }
      // Someone may have got an account another way since the first link was sent.
      const [account] = await queryRows(
        tx,
        'account of an invitee',
        z.strictObject({ practice_id: z.guid(), placed: z.boolean() }),
        `SELECT practice_id, password_hash IS NULL AND disabled_at IS NULL AS placed
           FROM person WHERE email = $1`,
        [old.email],
      );
      if (account && account.practice_id === principal.practiceId && !account.placed) {
        throw new DomainError('conflict', alreadyInPractice, { field: 'email' });
      }
      const elsewhere = account !== undefined && account.practice_id !== principal.practiceId;
      await tx.update(InvitationEntity, { id: old.id }, { revokedAt: new Date() });
      const invitation = await tx.save(
        tx.create(InvitationEntity, {
          practiceId: principal.practiceId,
          email: old.email,
          displayName: old.displayName,
          roles: old.roles,
          tokenHash: hashOpaqueToken(token),
          expiresAt: new Date(Date.now() + this.config.auth.invitationTtlHours * 3_600_000),
          createdBy: principal.personId,
        }),
      );
      for (const [action, entityId] of [
        ['invitation.revoked', old.id],
        ['invitation.resent', invitation.id],
      ] as const) {
        await this.audit.record(
          {
            practiceId: principal.practiceId,
            actorId: principal.personId,
            action,
            entity: 'invitation',
            entityId,
          },
          tx,
        );
      }
      return {
        invitation,
        token,
        email: await this.emailInvitation(tx, principal, invitation, token, sendEmail, elsewhere),
      };
    });
    if (created.email !== 'not_requested') this.outbox.kick();
    return created;
  }

  // Another practice's invitation is simply not found: ids never tell one practice about another.
  private async lockedInvitation(
    tx: EntityManager,
    principal: Principal,
    invitationId: string,
  ): Promise<InvitationEntity> {
    const invitation = await tx.findOne(InvitationEntity, {
      where: { id: invitationId, practiceId: principal.practiceId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!invitation) throw new DomainError('not_found', 'There is no such invitation');
    return invitation;
  }

  async previewInvitation(
    token: string,
  ): Promise<{ invitation: InvitationEntity; practiceName: string }> {
    const invitation = await this.usableInvitation(token, this.dataSource.manager, false);
    const practice = await this.dataSource
      .getRepository(PracticeEntity)
      .findOneByOrFail({ id: invitation.practiceId });
    return { invitation, practiceName: practice.name };
  }

  async acceptInvitation(
    token: string,
    input: { displayName?: string | undefined; password: string; timeZone: string },
    clientAddress: string,
    device = 'Unknown device',
  ): Promise<IssuedSession> {
    await this.limiter.take('accept', clientAddress, perAddressLogin);
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.dataSource.transaction(async (tx) => {
        const invitation = await this.usableInvitation(token, tx, true);
        assertStrongPassword(input.password, {
          email: invitation.email,
          displayName: input.displayName ?? invitation.displayName,
        });
        const placed = await this.placedPerson(tx, invitation);
        const person = await tx.save(
          tx.create(PersonEntity, {
            ...(placed ? { id: placed.id } : {}),
            practiceId: invitation.practiceId,
            email: invitation.email,
            displayName: input.displayName ?? invitation.displayName,
            roles: [...new Set([...(placed?.roles ?? []), ...invitation.roles])],
            timeZone: input.timeZone,
            passwordHash,
          }),
        );
        await tx.update(InvitationEntity, { id: invitation.id }, { acceptedAt: new Date() });
        // The invitation carries the places offered with it (see the roster lifecycle).
        if (placed) await acceptPlacesWithInvitation(tx, person);
        await this.audit.record(
          {
            practiceId: invitation.practiceId,
            actorId: person.id,
            action: 'invitation.accepted',
            entity: 'invitation',
            entityId: invitation.id,
          },
          tx,
        );
        return this.signIns.issue(person, tx, { device });
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError(
          'conflict',
          'Someone with this email already has an account; sign in instead',
          { field: 'email' },
        );
      }
      throw error;
    }
  }

  // Someone already on a roster without an account (placed from a request for therapy): the
  // invitation gives them a password rather than a second person with the same email.
  private async placedPerson(
    tx: EntityManager,
    invitation: InvitationEntity,
  ): Promise<PersonEntity | undefined> {
    const person = await tx
      .getRepository(PersonEntity)
      .createQueryBuilder('p')
      .where('p.email = :email AND p.practice_id = :practiceId', {
        email: invitation.email,
        practiceId: invitation.practiceId,
      })
      .andWhere('p.password_hash IS NULL AND p.disabled_at IS NULL')
      .setLock('pessimistic_write')
      .getOne();
    return person ?? undefined;
  }

  // A token that is unknown, used, revoked or expired is simply "not valid": the answer never
  // tells a guesser which.
  private async usableInvitation(
    token: string,
    tx: EntityManager,
    lock: boolean,
  ): Promise<InvitationEntity> {
    const invitation = await tx.findOne(InvitationEntity, {
      where: { tokenHash: hashOpaqueToken(token) },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (
      !invitation ||
      invitation.acceptedAt ||
      invitation.revokedAt ||
      invitation.expiresAt.getTime() <= Date.now()
    ) {
      throw new DomainError('not_found', invalidInvitation);
    }
    return invitation;
  }
}
