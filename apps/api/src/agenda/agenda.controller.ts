import { Controller } from '@nestjs/common';
import { agendaRoutes, type ParsedRouteInput } from '@hearth/contracts';
import { ContractRoute, Input } from '../http/contract-route';
import { CurrentPrincipal } from '../identity/current-principal';
import type { Principal } from '../identity/token-service';
import { AgendaService } from './agenda.service';

type In<K extends keyof typeof agendaRoutes> = ParsedRouteInput<(typeof agendaRoutes)[K]>;

@Controller()
export class AgendaController {
  constructor(private readonly agendas: AgendaService) {}

  @ContractRoute(agendaRoutes.getAgenda)
  get(@CurrentPrincipal() principal: Principal, @Input() input: In<'getAgenda'>) {
    return this.agendas.get(principal, input.params.sessionId);
  }

  @ContractRoute(agendaRoutes.putAgenda)
  put(@CurrentPrincipal() principal: Principal, @Input() input: In<'putAgenda'>) {
    return this.agendas.put(principal, input.params.sessionId, input.body.items);
  }
}
