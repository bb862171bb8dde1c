import { Inject, Injectable } from '@nestjs/common';
import type { Me, Person, SecondFactorChallenge } from '@hearth/contracts';
import { DomainError } from '@hearth/domain';
import { DataSource } from 'typeorm';
import { AuditService } from './audit.service';
import { PersonEntity, PracticeEntity } from './identity.entities';
import { SignInAlerts } from '../security/sign-in-alerts';
import { verifyPassword } from './passwords';
import { SignInStepsService } from './second-factor/sign-in-steps.service';
import { type IssuedSession } from './sign-ins.service';
import { perAccountLogin, perAddressLogin, RateLimiter } from './rate-limiter';
import type { Principal } from './token-service';

const invalidCredentials = 'Email or password is incorrect';

export type { CreatedInvitation } from './invitations.service';

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

export type { IssuedSession } from './sign-ins.service';

@Injectable()
export class IdentityService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly limiter: RateLimiter,
    private readonly alerts: SignInAlerts,
    private readonly audit: AuditService,
    @Inject(SignInStepsService) private readonly steps: SignInStepsService,
  ) {}

  async login(
    input: { email: string; password: string },
    clientAddress: string,
    device = 'Unknown device',
  ): Promise<IssuedSession | SecondFactorChallenge> {
    await this.limiter.take('login-address', clientAddress, perAddressLogin);
    // Per account *and* address: guessing from one place is slowed, but nobody elsewhere can
    // lock the owner out by failing on purpose.
    await this.limiter.take('login-account', `${input.email}|${clientAddress}`, perAccountLogin);
    const person = await this.dataSource
      .getRepository(PersonEntity)
      .createQueryBuilder('p')
      .addSelect('p.passwordHash')
      .where('p.email = :email', { email: input.email })
      .getOne();
    const ok = await verifyPassword(input.password, person?.passwordHash ?? null);
    if (!person || !ok || person.disabledAt) {
      await this.alerts.failed(input.email, person && !person.disabledAt ? person : null);
      throw new DomainError('unauthenticated', invalidCredentials);
    }
    // People with a second factor get no tokens yet: a challenge for the second step instead.
    return this.steps.afterPassword(person, device);
  }

  async me(principal: Principal): Promise<Me> {
    const person = await this.dataSource
      .getRepository(PersonEntity)
      .findOne({ where: { id: principal.personId, practiceId: principal.practiceId } });
    if (!person || person.disabledAt) throw new DomainError('unauthenticated', 'Please sign in');
    const practice = await this.dataSource
      .getRepository(PracticeEntity)
      .findOneByOrFail({ id: person.practiceId });
    return { ...toPerson(person), practiceName: practice.name };
  }

  async listPeople(principal: Principal): Promise<Person[]> {
    const people = await this.dataSource.getRepository(PersonEntity).find({
      where: { practiceId: principal.practiceId },
      order: { displayName: 'ASC', id: 'ASC' },
    });
    await this.audit.record({
      practiceId: principal.practiceId,
      actorId: principal.personId,
      action: 'person.listed',
      entity: 'person',
      entityId: null,
    });
    return people.map(toPerson);
  }
}
