import { Controller, Inject, Res } from '@nestjs/common';
import { iceServerRoutes, type IceServers } from '@hearth/contracts';
import type { Response } from 'express';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { ContractRoute } from '../http/contract-route';
import { CurrentPrincipal } from '../identity/current-principal';
import type { Principal } from '../identity/token-service';
import { iceServersFor } from './turn-credentials';

@Controller()
export class IceServersController {
  constructor(@Inject(CONFIG) private readonly config: Config) {}

  @ContractRoute(iceServerRoutes.iceServers)
  iceServers(
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): IceServers {
    // Credentials: no cache may keep them (the API's no-store says so too; this route must not
    // depend on that).
    res.setHeader('Cache-Control', 'no-store');
    return iceServersFor(this.config.turn, principal.personId, new Date());
  }
}
