import { Controller } from '@nestjs/common';
import { type ParsedRouteInput, liveRoutes } from '@hearth/contracts';
import { ContractRoute, Input } from '../http/contract-route';
import { CurrentPrincipal } from '../identity/current-principal';
import type { Principal } from '../identity/token-service';
import { AttendanceService } from './attendance.service';

type In<K extends keyof typeof liveRoutes> = ParsedRouteInput<(typeof liveRoutes)[K]>;

@Controller()
export class LiveController {
  constructor(private readonly attendance: AttendanceService) {}

  @ContractRoute(liveRoutes.getAttendance)
  get(@CurrentPrincipal() principal: Principal, @Input() input: In<'getAttendance'>) {
    return this.attendance.attendance(principal, input.params.sessionId);
  }

  @ContractRoute(liveRoutes.getLiveSettings)
  settings(@CurrentPrincipal() principal: Principal, @Input() input: In<'getLiveSettings'>) {
    return this.attendance.liveSettings(principal, input.params.courseId);
  }

  @ContractRoute(liveRoutes.putLiveSettings)
  setSettings(@CurrentPrincipal() principal: Principal, @Input() input: In<'putLiveSettings'>) {
    return this.attendance.setLiveSettings(principal, input.params.courseId, input.body);
  }
}
