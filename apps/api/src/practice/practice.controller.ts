import { Controller } from '@nestjs/common';
import { practiceRoutes, type ParsedRouteInput } from '@hearth/contracts';
import { ContractRoute, Input } from '../http/contract-route';
import { CurrentPrincipal } from '../identity/current-principal';
import type { Principal } from '../identity/token-service';
import { PracticeLocationsService } from './practice-locations.service';

type In<K extends keyof typeof practiceRoutes> = ParsedRouteInput<(typeof practiceRoutes)[K]>;

@Controller()
export class PracticeController {
  constructor(private readonly locations: PracticeLocationsService) {}

  @ContractRoute(practiceRoutes.locations)
  async list(@CurrentPrincipal() principal: Principal) {
    return { locations: await this.locations.list(principal) };
  }

  @ContractRoute(practiceRoutes.updateLocations)
  async update(@CurrentPrincipal() principal: Principal, @Input() input: In<'updateLocations'>) {
    return { locations: await this.locations.replace(principal, input.body) };
  }
}
