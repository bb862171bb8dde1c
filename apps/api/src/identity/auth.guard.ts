import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { RouteContract } from '@hearth/contracts';
import { DomainError } from '@hearth/domain';
import type { Request } from 'express';
import { CONTRACT_ROUTE } from '../http/contract-route';
import { StepUpService } from './second-factor/step-up.service';
import { type Principal, TokenService } from './token-service';

export type AuthenticatedRequest = Request & { principal?: Principal };

/**
 * Every contract route needs a valid access token unless it is marked public, and the caller
 * must hold one of the route's roles when it names any. Deny by default: a handler without a
 * contract is refused. Someone who must still set up a second factor reaches only the routes for
 * that, and sensitive routes (`stepUp`) need a recent confirmation.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(StepUpService) private readonly stepUps: StepUpService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const route = this.reflector.get<RouteContract | undefined>(
      CONTRACT_ROUTE,
      context.getHandler(),
    );
    if (!route) throw new DomainError('forbidden', 'This route is not available');
    if (route.public) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.header('authorization');
    const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
    if (!token) throw new DomainError('unauthenticated', 'Please sign in');
    const principal = await this.tokens.verifyAccessToken(token);
    if (route.roles && !route.roles.some((role) => principal.roles.includes(role))) {
      throw new DomainError('forbidden', 'Your role does not allow this');
    }
    if (principal.mustEnrol && !route.beforeEnrolment) {
      throw new DomainError(
        'second_factor_enrolment_required',
        'Your practice requires a second factor: set one up on your account page first',
      );
    }
    if (route.stepUp) await this.stepUps.assertRecent(principal);
    request.principal = principal;
    return true;
  }
}
