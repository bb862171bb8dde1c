import { Controller, Res } from '@nestjs/common';
import { healthRoutes, type Readiness } from '@hearth/contracts';
import type { Response } from 'express';
import { ContractRoute } from '../http/contract-route';
import { HealthService } from './health.service';

@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @ContractRoute(healthRoutes.live)
  live(): { status: 'live' } {
    return { status: 'live' };
  }

  @ContractRoute(healthRoutes.ready)
  async ready(@Res({ passthrough: true }) res: Response): Promise<Readiness> {
    const readiness = await this.health.readiness();
    if (readiness.status !== 'ready') res.status(503);
    return readiness;
  }
}
