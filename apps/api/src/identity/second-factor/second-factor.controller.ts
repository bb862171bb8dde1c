import { Controller, Inject, Req, Res } from '@nestjs/common';
import { type ParsedRouteInput, secondFactorRoutes, type SessionTokens } from '@hearth/contracts';
import { deviceLabel } from '@hearth/domain';
import type { Request, Response } from 'express';
import type { Config } from '../../config/config';
import { CONFIG } from '../../config/config.module';
import { ContractRoute, Input } from '../../http/contract-route';
import { CurrentPrincipal } from '../current-principal';
import { setRefreshCookie } from '../refresh-cookie';
import type { IssuedSession } from '../sign-ins.service';
import type { Principal } from '../token-service';
import { EnrolmentService } from './enrolment.service';
import { SignInStepsService } from './sign-in-steps.service';
import { StepUpService } from './step-up.service';

type In<K extends keyof typeof secondFactorRoutes> = ParsedRouteInput<
  (typeof secondFactorRoutes)[K]
>;

/** Second factors: the second step of signing in, passkey sign-in, enrolment and step-up. */
@Controller()
export class SecondFactorController {
  constructor(
    @Inject(SignInStepsService) private readonly steps: SignInStepsService,
    @Inject(EnrolmentService) private readonly enrolment: EnrolmentService,
    @Inject(StepUpService) private readonly stepUps: StepUpService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @ContractRoute(secondFactorRoutes.secondStep)
  async secondStep(
    @Input() input: In<'secondStep'>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { challenge, code, recoveryCode, passkey } = input.body;
    const step =
      code !== undefined
        ? { code }
        : recoveryCode !== undefined
          ? { recoveryCode }
          : { passkey: passkey! };
    return this.respond(
      res,
      await this.steps.secondStep({ challenge, ...step }, req.ip ?? 'unknown'),
    );
  }

  @ContractRoute(secondFactorRoutes.secondStepPasskeyOptions)
  secondStepPasskeyOptions(@Input() input: In<'secondStepPasskeyOptions'>, @Req() req: Request) {
    return this.steps.secondStepPasskeyOptions(input.body.challenge, req.ip ?? 'unknown');
  }

  @ContractRoute(secondFactorRoutes.passkeySignInOptions)
  passkeySignInOptions(@Req() req: Request) {
    return this.steps.passkeySignInOptions(req.ip ?? 'unknown');
  }

  @ContractRoute(secondFactorRoutes.passkeySignIn)
  async passkeySignIn(
    @Input() input: In<'passkeySignIn'>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.respond(
      res,
      await this.steps.passkeySignIn(input.body, deviceLabel(req.get('user-agent'))),
    );
  }

  @ContractRoute(secondFactorRoutes.secondFactors)
  secondFactors(@CurrentPrincipal() principal: Principal) {
    return this.enrolment.status(principal);
  }

  @ContractRoute(secondFactorRoutes.startTotp)
  startTotp(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response) {
    res.setHeader('Cache-Control', 'no-store');
    return this.enrolment.startTotp(principal);
  }

  @ContractRoute(secondFactorRoutes.confirmTotp)
  async confirmTotp(
    @CurrentPrincipal() principal: Principal,
    @Input() input: In<'confirmTotp'>,
    @Res({ passthrough: true }) res: Response,
  ) {
    res.setHeader('Cache-Control', 'no-store');
    return { recoveryCodes: await this.enrolment.confirmTotp(principal, input.body.code) };
  }

  @ContractRoute(secondFactorRoutes.removeTotp)
  removeTotp(@CurrentPrincipal() principal: Principal) {
    return this.enrolment.removeTotp(principal);
  }

  @ContractRoute(secondFactorRoutes.newRecoveryCodes)
  async newRecoveryCodes(
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    res.setHeader('Cache-Control', 'no-store');
    return { recoveryCodes: await this.enrolment.newRecoveryCodes(principal) };
  }

  @ContractRoute(secondFactorRoutes.passkeyRegistrationOptions)
  passkeyRegistrationOptions(@CurrentPrincipal() principal: Principal) {
    return this.enrolment.passkeyOptions(principal);
  }

  @ContractRoute(secondFactorRoutes.addPasskey)
  addPasskey(@CurrentPrincipal() principal: Principal, @Input() input: In<'addPasskey'>) {
    return this.enrolment.addPasskey(principal, input.body);
  }

  @ContractRoute(secondFactorRoutes.removePasskey)
  removePasskey(@CurrentPrincipal() principal: Principal, @Input() input: In<'removePasskey'>) {
    return this.enrolment.removePasskey(principal, input.params.passkeyId);
  }

  @ContractRoute(secondFactorRoutes.stepUpMethods)
  async stepUpMethods(@CurrentPrincipal() principal: Principal) {
    return { methods: await this.stepUps.methods(principal) };
  }

  @ContractRoute(secondFactorRoutes.stepUpPasskeyOptions)
  stepUpPasskeyOptions(@CurrentPrincipal() principal: Principal) {
    return this.stepUps.passkeyOptions(principal);
  }

  @ContractRoute(secondFactorRoutes.stepUp)
  async stepUp(@CurrentPrincipal() principal: Principal, @Input() input: In<'stepUp'>) {
    const { code, recoveryCode, password, passkey } = input.body;
    const confirmation =
      code !== undefined
        ? { code }
        : recoveryCode !== undefined
          ? { recoveryCode }
          : password !== undefined
            ? { password }
            : { passkey: passkey! };
    const until = await this.stepUps.confirm(principal, confirmation);
    return { confirmedUntil: until.toISOString() };
  }

  private respond(res: Response, session: IssuedSession): SessionTokens {
    setRefreshCookie(res, this.config, session.refreshToken, session.refreshExpiresAt);
    res.setHeader('Cache-Control', 'no-store');
    return session.tokens;
  }
}
