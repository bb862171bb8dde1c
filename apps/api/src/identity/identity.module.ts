import { Module } from '@nestjs/common';
import { SignInAlerts } from '../security/sign-in-alerts';
import { APP_GUARD } from '@nestjs/core';
import { AccessStateService } from './access-state.service';
import { AccountController } from './account.controller';
import { AccountService } from './account.service';
import { AuditService } from './audit.service';
import { AuthGuard } from './auth.guard';
import { EmailVerificationService } from './email-verification.service';
import { IdentityController } from './identity.controller';
import { IdentityService } from './identity.service';
import { PasswordResetService } from './password-reset.service';
import { RateLimiter } from './rate-limiter';
import { SignInsService } from './sign-ins.service';
import { SignUpService } from './sign-up.service';
import { TokenService } from './token-service';

@Module({
  controllers: [IdentityController, AccountController],
  providers: [
    IdentityService,
    SignInsService,
    SignUpService,
    TokenService,
    AccessStateService,
    RateLimiter,
    SignInAlerts,
    AuditService,
    EmailVerificationService,
    PasswordResetService,
    AccountService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [
    TokenService,
    AuditService,
    RateLimiter,
    SignInAlerts,
    AccessStateService,
    EmailVerificationService,
    SignInsService,
  ],
})
export class IdentityModule {}
