import { Controller } from '@nestjs/common';
import { type ParsedRouteInput, clinicalRoutes } from '@hearth/contracts';
import { ContractRoute, Input } from '../http/contract-route';
import { CurrentPrincipal } from '../identity/current-principal';
import type { Principal } from '../identity/token-service';
import { CheckInsService } from './check-ins.service';
import { ClinicalAlertsService } from './clinical-alerts.service';

type In<K extends keyof typeof clinicalRoutes> = ParsedRouteInput<(typeof clinicalRoutes)[K]>;

@Controller()
export class CheckInsController {
  constructor(
    private readonly checkIns: CheckInsService,
    private readonly clinicalAlerts: ClinicalAlertsService,
  ) {}

  @ContractRoute(clinicalRoutes.myTasks)
  tasks(@CurrentPrincipal() principal: Principal) {
    return this.checkIns.tasks(principal, new Date());
  }

  @ContractRoute(clinicalRoutes.getCheckInSchedule)
  schedule(@CurrentPrincipal() principal: Principal, @Input() input: In<'getCheckInSchedule'>) {
    return this.checkIns.schedule(principal, input.params.courseId);
  }

  @ContractRoute(clinicalRoutes.setCheckInSchedule)
  setSchedule(@CurrentPrincipal() principal: Principal, @Input() input: In<'setCheckInSchedule'>) {
    return this.checkIns.setSchedule(principal, input.params.courseId, input.body.checkInSchedule);
  }

  @ContractRoute(clinicalRoutes.courseClinical)
  overview(@CurrentPrincipal() principal: Principal, @Input() input: In<'courseClinical'>) {
    return this.checkIns.overview(principal, input.params.courseId);
  }

  @ContractRoute(clinicalRoutes.getCheckIn)
  form(@CurrentPrincipal() principal: Principal, @Input() input: In<'getCheckIn'>) {
    return this.checkIns.form(principal, input.params.sessionId, new Date());
  }

  @ContractRoute(clinicalRoutes.submitCheckIn)
  submit(@CurrentPrincipal() principal: Principal, @Input() input: In<'submitCheckIn'>) {
    return this.checkIns.submit(principal, input.params.sessionId, input.body, new Date());
  }

  @ContractRoute(clinicalRoutes.listAlerts)
  async alerts(@CurrentPrincipal() principal: Principal) {
    return { alerts: await this.clinicalAlerts.list(principal) };
  }

  @ContractRoute(clinicalRoutes.sessionAlerts)
  async sessionAlerts(
    @CurrentPrincipal() principal: Principal,
    @Input() input: In<'sessionAlerts'>,
  ) {
    return { alerts: await this.clinicalAlerts.ofSession(principal, input.params.sessionId) };
  }

  @ContractRoute(clinicalRoutes.acknowledgeAlert)
  acknowledge(@CurrentPrincipal() principal: Principal, @Input() input: In<'acknowledgeAlert'>) {
    return this.clinicalAlerts.acknowledge(principal, input.params.alertId);
  }
}
