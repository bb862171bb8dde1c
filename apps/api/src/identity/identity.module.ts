import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditService } from './audit.service';
import { AuthGuard } from './auth.guard';
import { IdentityController } from './identity.controller';
import { IdentityService } from './identity.service';
import { RateLimiter } from './rate-limiter';
import { TokenService } from './token-service';

@Module({
  controllers: [IdentityController],
  providers: [
    IdentityService,
    TokenService,
    RateLimiter,
    AuditService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TokenService, AuditService, RateLimiter],
})
export class IdentityModule {}
