import { Controller } from '@nestjs/common';
import { type ParsedRouteInput, profileRoutes } from '@hearth/contracts';
import { ContractRoute, Input } from '../http/contract-route';
import { CurrentPrincipal } from '../identity/current-principal';
import type { Principal } from '../identity/token-service';
import { ProfilesService } from './profiles.service';

type In<K extends keyof typeof profileRoutes> = ParsedRouteInput<(typeof profileRoutes)[K]>;

@Controller()
export class ProfilesController {
  constructor(private readonly profiles: ProfilesService) {}

  @ContractRoute(profileRoutes.listTherapists)
  async list(@CurrentPrincipal() principal: Principal) {
    return { therapists: await this.profiles.list(principal) };
  }

  @ContractRoute(profileRoutes.getProfile)
  get(@CurrentPrincipal() principal: Principal, @Input() input: In<'getProfile'>) {
    return this.profiles.get(principal, input.params.personId);
  }

  @ContractRoute(profileRoutes.putProfile)
  put(@CurrentPrincipal() principal: Principal, @Input() input: In<'putProfile'>) {
    return this.profiles.put(principal, input.params.personId, input.body);
  }
}
