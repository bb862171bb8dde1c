import { Controller, Req, Res } from '@nestjs/common';
import { matchingRoutes, type ParsedRouteInput } from '@hearth/contracts';
import type { Request, Response } from 'express';
import { ContractRoute, Input } from '../http/contract-route';
import { CurrentPrincipal } from '../identity/current-principal';
import type { Principal } from '../identity/token-service';
import { MatchingService } from './matching.service';
import { RequestIntakeService } from './request-intake.service';

type In<K extends keyof typeof matchingRoutes> = ParsedRouteInput<(typeof matchingRoutes)[K]>;

@Controller()
export class MatchingController {
  constructor(
    private readonly intake: RequestIntakeService,
    private readonly matching: MatchingService,
  ) {}

  @ContractRoute(matchingRoutes.requestForm)
  form(
    @Input() input: In<'requestForm'>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    // Each load gets its own token; a cached one would be too old, or shared between people.
    res.setHeader('Cache-Control', 'no-store');
    return this.intake.form(input.params.practiceId, req.ip ?? 'unknown');
  }

  @ContractRoute(matchingRoutes.submitRequest)
  submit(@Input() input: In<'submitRequest'>, @Req() req: Request) {
    return this.intake.submit(input.params.practiceId, input.body, req.ip ?? 'unknown');
  }

  @ContractRoute(matchingRoutes.listRequests)
  async list(@CurrentPrincipal() principal: Principal, @Input() input: In<'listRequests'>) {
    return { requests: await this.matching.list(principal, input.query.status) };
  }

  @ContractRoute(matchingRoutes.getRequest)
  get(
    @CurrentPrincipal() principal: Principal,
    @Input() input: In<'getRequest'>,
    @Res({ passthrough: true }) res: Response,
  ) {
    res.setHeader('Cache-Control', 'no-store');
    return this.matching.get(principal, input.params.requestId);
  }

  @ContractRoute(matchingRoutes.acceptMatch)
  accept(@CurrentPrincipal() principal: Principal, @Input() input: In<'acceptMatch'>) {
    return this.matching.accept(principal, input.params.requestId, input.body);
  }

  @ContractRoute(matchingRoutes.declineRequest)
  decline(@CurrentPrincipal() principal: Principal, @Input() input: In<'declineRequest'>) {
    return this.matching.decline(principal, input.params.requestId, input.body.reason);
  }

  @ContractRoute(matchingRoutes.exportRequest)
  export(
    @CurrentPrincipal() principal: Principal,
    @Input() input: In<'exportRequest'>,
    @Res({ passthrough: true }) res: Response,
  ) {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="therapy-request-${input.params.requestId}.json"`,
    );
    return this.matching.export(principal, input.params.requestId);
  }
}
