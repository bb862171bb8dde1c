import { Controller } from '@nestjs/common';
import { type ParsedRouteInput, clinicalRoutes } from '@hearth/contracts';
import { ContractRoute, Input } from '../http/contract-route';
import { CurrentPrincipal } from '../identity/current-principal';
import type { Principal } from '../identity/token-service';
import { ConsentService } from './consent.service';

type In<K extends keyof typeof clinicalRoutes> = ParsedRouteInput<(typeof clinicalRoutes)[K]>;

@Controller()
export class ConsentController {
  constructor(private readonly consent: ConsentService) {}

  @ContractRoute(clinicalRoutes.getConsent)
  current(@CurrentPrincipal() principal: Principal) {
    return this.consent.current(principal);
  }

  @ContractRoute(clinicalRoutes.acceptConsent)
  accept(@CurrentPrincipal() principal: Principal, @Input() input: In<'acceptConsent'>) {
    return this.consent.accept(principal, input.body.version);
  }

  @ContractRoute(clinicalRoutes.listConsentVersions)
  async versions(@CurrentPrincipal() principal: Principal) {
    return { versions: await this.consent.versions(principal) };
  }

  @ContractRoute(clinicalRoutes.publishConsent)
  publish(@CurrentPrincipal() principal: Principal, @Input() input: In<'publishConsent'>) {
    return this.consent.publish(principal, input.body.text);
  }
}
