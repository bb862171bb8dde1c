import { Module } from '@nestjs/common';
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
import { TokenService } from './token-service';

@Module({
  controllers: [IdentityController, AccountController],
  providers: [
    IdentityService,
    TokenService,
    AccessStateService,
    RateLimiter,
    AuditService,
    EmailVerificationService,
    PasswordResetService,
    AccountService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TokenService, AuditService, RateLimiter, AccessStateService, EmailVerificationService],
})
export class IdentityModule {}
