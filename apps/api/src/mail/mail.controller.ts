import { Controller, Inject } from '@nestjs/common';
import { mailRoutes, type ParsedRouteInput } from '@hearth/contracts';
import { ContractRoute, Input } from '../http/contract-route';
import { CurrentPrincipal } from '../identity/current-principal';
import type { Principal } from '../identity/token-service';
import { MailProblemsService } from './mail-problems.service';

@Controller()
export class MailController {
  constructor(@Inject(MailProblemsService) private readonly problems: MailProblemsService) {}

  @ContractRoute(mailRoutes.mailDelivery)
  delivery(@CurrentPrincipal() principal: Principal) {
    return this.problems.delivery(principal);
  }

  @ContractRoute(mailRoutes.retryMail)
  async retry(
    @CurrentPrincipal() principal: Principal,
    @Input() input: ParsedRouteInput<typeof mailRoutes.retryMail>,
  ) {
    return { problem: await this.problems.retry(principal, input.params.mailId) };
  }
}
