import { Controller, Res } from '@nestjs/common';
import { privacyRoutes, type ParsedRouteInput } from '@hearth/contracts';
import type { Response } from 'express';
import { ContractRoute, Input } from '../http/contract-route';
import { CurrentPrincipal } from '../identity/current-principal';
import type { Principal } from '../identity/token-service';
import { PrivacyService } from './privacy.service';

type In<K extends keyof typeof privacyRoutes> = ParsedRouteInput<(typeof privacyRoutes)[K]>;

@Controller()
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  @ContractRoute(privacyRoutes.exportPerson)
  export(
    @CurrentPrincipal() principal: Principal,
    @Input() input: In<'exportPerson'>,
    @Res({ passthrough: true }) res: Response,
  ) {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="hearth-person-${input.params.personId}.json"`,
    );
    return this.privacy.export(principal, input.params.personId);
  }

  @ContractRoute(privacyRoutes.erasePerson)
  erase(@CurrentPrincipal() principal: Principal, @Input() input: In<'erasePerson'>) {
    return this.privacy.erase(principal, input.params.personId, input.body.reason);
  }
}
