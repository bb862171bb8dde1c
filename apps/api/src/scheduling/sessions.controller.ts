import { Controller } from '@nestjs/common';
import { type ParsedRouteInput, schedulingRoutes } from '@hearth/contracts';
import { ContractRoute, Input } from '../http/contract-route';
import { CurrentPrincipal } from '../identity/current-principal';
import type { Principal } from '../identity/token-service';
import { SessionsService } from './sessions.service';

type In<K extends keyof typeof schedulingRoutes> = ParsedRouteInput<(typeof schedulingRoutes)[K]>;

@Controller()
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @ContractRoute(schedulingRoutes.listSessions)
  async list(@CurrentPrincipal() principal: Principal, @Input() input: In<'listSessions'>) {
    const { from, to } = input.query;
    return { sessions: await this.sessions.list(principal, new Date(from), new Date(to)) };
  }

  @ContractRoute(schedulingRoutes.getSession)
  get(@CurrentPrincipal() principal: Principal, @Input() input: In<'getSession'>) {
    return this.sessions.get(principal, input.params.sessionId);
  }

  @ContractRoute(schedulingRoutes.rescheduleSession)
  reschedule(@CurrentPrincipal() principal: Principal, @Input() input: In<'rescheduleSession'>) {
    return this.sessions.reschedule(principal, input.params.sessionId, input.body);
  }

  @ContractRoute(schedulingRoutes.cancelSession)
  cancel(@CurrentPrincipal() principal: Principal, @Input() input: In<'cancelSession'>) {
    return this.sessions.cancel(principal, input.params.sessionId, input.body);
  }
}
