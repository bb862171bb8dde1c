import { Controller, Res } from '@nestjs/common';
import { type ParsedRouteInput, schedulingRoutes } from '@hearth/contracts';
import type { Response } from 'express';
import { ContractRoute, Input } from '../http/contract-route';
import { IdempotencyKey } from '../idempotency/idempotency-key.decorator';
import type { IdempotentResult } from '../idempotency/idempotency.service';
import { CurrentPrincipal } from '../identity/current-principal';
import type { Principal } from '../identity/token-service';
import { CoursesService } from './courses.service';
import { RosterPlacesService } from './roster-places.service';

type In<K extends keyof typeof schedulingRoutes> = ParsedRouteInput<(typeof schedulingRoutes)[K]>;

/** Answers an idempotent create: a replay says so in a header and keeps the first status. */
function respond<T>(res: Response, result: IdempotentResult<T>): T {
  if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
  res.status(result.status);
  return result.body;
}

@Controller()
export class CoursesController {
  constructor(
    private readonly courses: CoursesService,
    private readonly places: RosterPlacesService,
  ) {}

  @ContractRoute(schedulingRoutes.previewCourse)
  preview(@CurrentPrincipal() principal: Principal, @Input() input: In<'previewCourse'>) {
    return this.courses.preview(principal, input.body);
  }

  @ContractRoute(schedulingRoutes.createCourse)
  async create(
    @CurrentPrincipal() principal: Principal,
    @Input() input: In<'createCourse'>,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.courses.create(principal, input.body, key));
  }

  @ContractRoute(schedulingRoutes.listCourses)
  async list(@CurrentPrincipal() principal: Principal) {
    return { courses: await this.courses.list(principal) };
  }

  @ContractRoute(schedulingRoutes.getCourse)
  get(@CurrentPrincipal() principal: Principal, @Input() input: In<'getCourse'>) {
    return this.courses.get(principal, input.params.courseId);
  }

  @ContractRoute(schedulingRoutes.addMember)
  async addMember(
    @CurrentPrincipal() principal: Principal,
    @Input() input: In<'addMember'>,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(
      res,
      await this.courses.addMember(principal, input.params.courseId, input.body, key),
    );
  }

  @ContractRoute(schedulingRoutes.updateMember)
  updateMember(@CurrentPrincipal() principal: Principal, @Input() input: In<'updateMember'>) {
    return this.places.update(principal, input.params.courseId, input.params.memberId, input.body);
  }

  @ContractRoute(schedulingRoutes.listPlaceOffers)
  async listPlaceOffers(@CurrentPrincipal() principal: Principal) {
    return { offers: await this.places.offers(principal) };
  }

  @ContractRoute(schedulingRoutes.answerPlaceOffer)
  answerPlaceOffer(
    @CurrentPrincipal() principal: Principal,
    @Input() input: In<'answerPlaceOffer'>,
  ) {
    return this.places.answer(principal, input.params.memberId, input.body.answer);
  }
}
