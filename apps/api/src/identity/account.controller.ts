import { Controller, Inject, Req, Res } from '@nestjs/common';
import { accountRoutes, type ParsedRouteInput } from '@hearth/contracts';
import type { Request, Response } from 'express';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { ContractRoute, Input } from '../http/contract-route';
import { AccountService } from './account.service';
import { CurrentPrincipal } from './current-principal';
import { EmailVerificationService } from './email-verification.service';
import { PasswordResetService } from './password-reset.service';
import { clearRefreshCookie } from './refresh-cookie';
import type { Principal } from './token-service';

type In<K extends keyof typeof accountRoutes> = ParsedRouteInput<(typeof accountRoutes)[K]>;

/** One's own account, forgotten passwords and email confirmation. */
@Controller()
export class AccountController {
  constructor(
    @Inject(AccountService) private readonly accounts: AccountService,
    @Inject(PasswordResetService) private readonly resets: PasswordResetService,
    @Inject(EmailVerificationService) private readonly verification: EmailVerificationService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @ContractRoute(accountRoutes.forgotPassword)
  async forgotPassword(@Input() input: In<'forgotPassword'>, @Req() req: Request) {
    await this.resets.forgot(input.body.email, req.ip ?? 'unknown');
    return { sent: true as const };
  }

  @ContractRoute(accountRoutes.resetPassword)
  async resetPassword(@Input() input: In<'resetPassword'>, @Req() req: Request) {
    await this.resets.reset(input.body.token, input.body.password, req.ip ?? 'unknown');
    return { reset: true as const };
  }

  @ContractRoute(accountRoutes.verifyEmail)
  async verifyEmail(@Input() input: In<'verifyEmail'>) {
    return { verified: true as const, email: await this.verification.verify(input.body.token) };
  }

  @ContractRoute(accountRoutes.account)
  account(@CurrentPrincipal() principal: Principal) {
    return this.accounts.account(principal);
  }

  @ContractRoute(accountRoutes.updateAccount)
  update(@CurrentPrincipal() principal: Principal, @Input() input: In<'updateAccount'>) {
    return this.accounts.update(principal, input.body);
  }

  @ContractRoute(accountRoutes.changeEmail)
  changeEmail(@CurrentPrincipal() principal: Principal, @Input() input: In<'changeEmail'>) {
    return this.accounts.changeEmail(principal, input.body);
  }

  @ContractRoute(accountRoutes.resendVerification)
  async resendVerification(@CurrentPrincipal() principal: Principal) {
    await this.verification.resend(principal.personId);
    return { sent: true as const };
  }

  @ContractRoute(accountRoutes.changePassword)
  async changePassword(
    @CurrentPrincipal() principal: Principal,
    @Input() input: In<'changePassword'>,
  ) {
    await this.accounts.changePassword(principal, input.body);
    return { changed: true as const };
  }

  @ContractRoute(accountRoutes.devices)
  async devices(@CurrentPrincipal() principal: Principal) {
    return { devices: await this.accounts.devices(principal) };
  }

  @ContractRoute(accountRoutes.signOutDevice)
  async signOutDevice(
    @CurrentPrincipal() principal: Principal,
    @Input() input: In<'signOutDevice'>,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.accounts.signOutDevice(principal, input.params.deviceId);
    if (input.params.deviceId === principal.sessionId) clearRefreshCookie(res, this.config);
    return { signedOut: true as const };
  }

  @ContractRoute(accountRoutes.signOutEverywhere)
  async signOutEverywhere(
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.accounts.signOutEverywhere(principal);
    clearRefreshCookie(res, this.config);
    return { signedOut: true as const };
  }

  @ContractRoute(accountRoutes.setRoles)
  setRoles(@CurrentPrincipal() principal: Principal, @Input() input: In<'setRoles'>) {
    return this.accounts.setRoles(principal, input.params.personId, input.body.roles);
  }

  @ContractRoute(accountRoutes.signInPolicy)
  policy(@CurrentPrincipal() principal: Principal) {
    return this.accounts.policy(principal);
  }

  @ContractRoute(accountRoutes.updateSignInPolicy)
  updatePolicy(@CurrentPrincipal() principal: Principal, @Input() input: In<'updateSignInPolicy'>) {
    return this.accounts.updatePolicy(principal, input.body);
  }
}
