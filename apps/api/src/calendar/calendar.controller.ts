import { Controller, Res } from '@nestjs/common';
import { calendarRoutes, type ParsedRouteInput } from '@hearth/contracts';
import type { Response } from 'express';
import { ContractRoute, Input } from '../http/contract-route';
import { CurrentPrincipal } from '../identity/current-principal';
import type { Principal } from '../identity/token-service';
import { CalendarService } from './calendar.service';

@Controller()
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @ContractRoute(calendarRoutes.createFeed)
  createFeed(@CurrentPrincipal() principal: Principal) {
    return this.calendar.createFeed(principal);
  }

  @ContractRoute(calendarRoutes.revokeFeed)
  async revokeFeed(@CurrentPrincipal() principal: Principal) {
    return { revoked: await this.calendar.revokeFeed(principal) };
  }

  @ContractRoute(calendarRoutes.feed)
  async feed(
    @Input() input: ParsedRouteInput<typeof calendarRoutes.feed>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const ics = await this.calendar.renderFeed(input.params.file);
    res.type('text/calendar; charset=utf-8');
    // The address is the secret: no shared cache may keep a copy.
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    return ics;
  }
}
