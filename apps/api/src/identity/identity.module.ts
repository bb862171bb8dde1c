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
import { InvitationsService } from './invitations.service';
import { PasswordResetService } from './password-reset.service';
import { RateLimiter } from './rate-limiter';
import { SignInsService } from './sign-ins.service';
import { SignUpService } from './sign-up.service';
import { TokenService } from './token-service';
import { NotesCipher } from '../clinical/notes-cipher';
import { EnrolmentService } from './second-factor/enrolment.service';
import { FactorChecks } from './second-factor/factor-checks';
import { SecondFactorController } from './second-factor/second-factor.controller';
import { SignInStepsService } from './second-factor/sign-in-steps.service';
import { StepUpService } from './second-factor/step-up.service';
import { WebAuthn } from './second-factor/webauthn';

@Module({
  controllers: [IdentityController, AccountController, SecondFactorController],
  providers: [
    IdentityService,
    InvitationsService,
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
    NotesCipher,
    FactorChecks,
    WebAuthn,
    EnrolmentService,
    SignInStepsService,
    StepUpService,
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
    SignInStepsService,
  ],
})
export class IdentityModule {}
