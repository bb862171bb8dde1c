import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import type {
  Account,
  Device,
  Person,
  Role,
  SignInPolicy,
  SignInPolicyBody,
} from '@hearth/contracts';
import { checkRequireSecondFactor, checkRoleChange, DomainError } from '@hearth/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { AccessStateService } from './access-state.service';
import { AuditService } from './audit.service';
import { EmailVerificationService } from './email-verification.service';
import { PersonEntity, PracticeEntity, SignInSessionEntity } from './identity.entities';
import { SignInsService } from './sign-ins.service';
import { assertStrongPassword } from './password-policy';
import { hashPassword, verifyPassword } from './passwords';
import { perAccountLogin, RateLimiter } from './rate-limiter';
import type { Principal } from './token-service';
import { queryRows } from '../database/rows';

const wrongPassword = 'is not your current password';

function toPerson(entity: PersonEntity): Person {
  return {
    id: entity.id,
    practiceId: entity.practiceId,
    email: entity.email,
    displayName: entity.displayName,
    roles: entity.roles,
    timeZone: entity.timeZone,
  };
}

/** One's own account: name, time zone, email, password and signed-in devices. */
@Injectable()
export class AccountService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(SignInsService) private readonly signIns: SignInsService,
    @Inject(EmailVerificationService) private readonly verification: EmailVerificationService,
    @Inject(AccessStateService) private readonly access: AccessStateService,
    @Inject(MailOutboxService) private readonly outbox: MailOutboxService,
  ) {}

  async account(principal: Principal, manager: EntityManager = this.dataSource.manager) {
    const person = await this.person(manager, principal);
    return this.toAccount(manager, person);
  }

  async update(
    principal: Principal,
    body: { displayName?: string | undefined; timeZone?: string | undefined },
  ): Promise<Account> {
    return this.dataSource.transaction(async (tx) => {
      const person = await this.person(tx, principal);
      await tx.update(
        PersonEntity,
        { id: person.id },
        {
          ...(body.displayName !== undefined ? { displayName: body.displayName } : {}),
          ...(body.timeZone !== undefined ? { timeZone: body.timeZone } : {}),
        },
      );
      await this.audit.recordAct(
        principal,
        { action: 'person.account_updated', entity: 'person', entityId: principal.personId },
        tx,
      );
      return this.account(principal, tx);
    });
  }

  async changeEmail(
    principal: Principal,
    body: { email: string; currentPassword: string },
  ): Promise<Account> {
    await this.checkPassword(principal, body.currentPassword);
    const account = await this.dataSource.transaction(async (tx) => {
      const person = await this.person(tx, principal);
      if (body.email === person.email) {
        throw new DomainError('conflict', 'This is already your email address', {
          field: 'email',
        });
      }
      await this.verification.send(tx, person, body.email, true);
      await this.audit.recordAct(
        principal,
        { action: 'person.email_change_requested', entity: 'person', entityId: principal.personId },
        tx,
      );
      return this.toAccount(tx, person);
    });
    this.outbox.kick();
    return account;
  }

  async changePassword(
    principal: Principal,
    body: { currentPassword: string; newPassword: string },
  ): Promise<void> {
    const person = await this.checkPassword(principal, body.currentPassword);
    assertStrongPassword(body.newPassword, person, 'newPassword');
    const passwordHash = await hashPassword(body.newPassword);
    await this.dataSource.transaction(async (tx) => {
      await tx.query(`UPDATE person SET password_hash = $2 WHERE id = $1`, [
        principal.personId,
        passwordHash,
      ]);
      // Whoever else knew the old password is signed out; this device stays signed in.
      await this.signIns.signOutEverywhere(principal.personId, tx, principal.sessionId);
      await this.audit.recordAct(
        principal,
        { action: 'person.password_changed', entity: 'person', entityId: principal.personId },
        tx,
      );
    });
    this.access.ended({ personId: principal.personId });
  }

  async devices(principal: Principal): Promise<Device[]> {
    const sessions = await this.dataSource.getRepository(SignInSessionEntity).find({
      where: { personId: principal.personId },
      order: { lastUsedAt: 'DESC', id: 'ASC' },
    });
    const now = Date.now();
    return sessions
      .filter((s) => s.revokedAt === null && s.expiresAt.getTime() > now)
      .map((s) => ({
        id: s.id,
        label: s.device,
        signedInAt: s.createdAt.toISOString(),
        lastUsedAt: s.lastUsedAt.toISOString(),
        current: s.id === principal.sessionId,
      }));
  }

  async signOutDevice(principal: Principal, deviceId: string): Promise<void> {
    if (!(await this.signIns.signOutDevice(principal.personId, deviceId))) {
      throw new DomainError('not_found', 'There is no such signed-in device');
    }
    await this.audit.recordAct(principal, {
      action: 'person.device_signed_out',
      entity: 'person',
      entityId: principal.personId,
    });
  }

  async signOutEverywhere(principal: Principal): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await this.signIns.signOutEverywhere(principal.personId, tx);
      await this.audit.recordAct(
        principal,
        { action: 'person.signed_out_everywhere', entity: 'person', entityId: principal.personId },
        tx,
      );
    });
    this.access.ended({ personId: principal.personId });
  }

  /** A coordinator sets someone's roles; their tokens are renewed with the new ones at once. */
  async setRoles(principal: Principal, personId: string, roles: Role[]): Promise<Person> {
    const person = await this.dataSource.transaction(async (tx) => {
      const target = await tx.findOne(PersonEntity, {
        where: { id: personId, practiceId: principal.practiceId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!target || target.disabledAt)
        throw new DomainError('not_found', 'There is no such person');
      const [work] = await queryRows(
        tx,
        'work of a person',
        z.strictObject({ runs: z.boolean(), holds: z.boolean() }),
        `SELECT EXISTS (SELECT 1 FROM course c WHERE c.cancelled_at IS NULL
                          AND $1 IN (c.therapist_id, c.co_therapist_id)) AS runs,
                EXISTS (SELECT 1 FROM roster_member r WHERE r.person_id = $1
                          AND r.status IN ('invited', 'active', 'waitlisted')) AS holds`,
        [personId],
      );
      checkRoleChange({
        current: target.roles,
        next: roles,
        self: personId === principal.personId,
        runsCourses: work!.runs,
        holdsPlaces: work!.holds,
      });
      // The database raises the person's token version with the roles (a trigger).
      await tx.update(PersonEntity, { id: personId }, { roles });
      await this.audit.record(
        {
          practiceId: principal.practiceId,
          actorId: principal.personId,
          action: 'person.roles_changed',
          entity: 'person',
          entityId: personId,
        },
        tx,
      );
      return { ...target, roles };
    });
    this.access.ended({ personId });
    return toPerson(person as PersonEntity);
  }

  async policy(principal: Principal): Promise<SignInPolicy> {
    const practice = await this.dataSource
      .getRepository(PracticeEntity)
      .findOneByOrFail({ id: principal.practiceId });
    return {
      sessionMaxHours: practice.sessionMaxHours,
      sessionIdleMinutes: practice.sessionIdleMinutes,
      requireStaffSecondFactor: practice.requireStaffSecondFactor,
    };
  }

  /** New limits apply to every sign-in of the practice at once: longer ones are cut short. */
  async updatePolicy(principal: Principal, policy: SignInPolicyBody): Promise<SignInPolicy> {
    await this.dataSource.transaction(async (tx) => {
      const [before] = await queryRows(
        tx,
        'practice second-factor policy',
        z.strictObject({ required: z.boolean() }),
        `SELECT require_staff_second_factor AS required FROM practice WHERE id = $1 FOR UPDATE`,
        [principal.practiceId],
      );
      const require = policy.requireStaffSecondFactor ?? before!.required;
      if (require !== before!.required) {
        const [own] = await queryRows(
          tx,
          'own second factor',
          z.strictObject({ has: z.boolean() }),
          `SELECT EXISTS (SELECT 1 FROM totp_factor
                           WHERE person_id = $1 AND confirmed_at IS NOT NULL)
               OR EXISTS (SELECT 1 FROM passkey WHERE person_id = $1) AS has`,
          [principal.personId],
        );
        checkRequireSecondFactor({ require, actorHasSecondFactor: own!.has });
        await this.audit.recordAct(
          principal,
          {
            action: require
              ? 'practice.second_factor_required'
              : 'practice.second_factor_not_required',
            entity: 'practice',
            entityId: principal.practiceId,
          },
          tx,
        );
      }
      await tx.query(
        `UPDATE practice SET session_max_hours = $2, session_idle_minutes = $3,
                require_staff_second_factor = $4 WHERE id = $1`,
        [principal.practiceId, policy.sessionMaxHours, policy.sessionIdleMinutes, require],
      );
      await tx.query(
        `UPDATE sign_in_session s
            SET expires_at = LEAST(s.expires_at, s.created_at + make_interval(hours => $2))
           FROM person p
          WHERE p.id = s.person_id AND p.practice_id = $1 AND s.revoked_at IS NULL`,
        [principal.practiceId, policy.sessionMaxHours],
      );
      await tx.query(
        `UPDATE refresh_token t
            SET expires_at = LEAST(t.expires_at, now() + make_interval(mins => $2))
           FROM person p
          WHERE p.id = t.person_id AND p.practice_id = $1 AND t.revoked_at IS NULL`,
        [principal.practiceId, policy.sessionIdleMinutes],
      );
      await this.audit.record(
        {
          practiceId: principal.practiceId,
          actorId: principal.personId,
          action: 'practice.sign_in_policy_changed',
          entity: 'practice',
          entityId: principal.practiceId,
        },
        tx,
      );
    });
    return this.policy(principal);
  }

  private async checkPassword(principal: Principal, password: string): Promise<PersonEntity> {
    await this.limiter.take('password-check', principal.personId, perAccountLogin);
    const person = await this.dataSource
      .getRepository(PersonEntity)
      .createQueryBuilder('p')
      .addSelect('p.passwordHash')
      .where('p.id = :id', { id: principal.personId })
      .getOne();
    if (!(await verifyPassword(password, person?.passwordHash ?? null))) {
      // Not a 401: the sign-in is fine, and a 401 would make the browser renew its token.
      throw new DomainError('validation_failed', `Invalid body.currentPassword: ${wrongPassword}`, {
        issues: [{ location: 'body', path: 'currentPassword', message: wrongPassword }],
      });
    }
    return person!;
  }

  private async person(manager: EntityManager, principal: Principal): Promise<PersonEntity> {
    const person = await manager.findOne(PersonEntity, {
      where: { id: principal.personId, practiceId: principal.practiceId },
    });
    if (!person || person.disabledAt) throw new DomainError('unauthenticated', 'Please sign in');
    return person;
  }

  private async toAccount(manager: EntityManager, person: PersonEntity): Promise<Account> {
    return {
      ...toPerson(person),
      emailVerified: person.emailVerifiedAt !== null,
      pendingEmail: await this.verification.pendingEmail(manager, person),
    };
  }
}
