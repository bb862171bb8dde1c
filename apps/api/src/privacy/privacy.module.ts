import { Module } from '@nestjs/common';
import { ClinicalModule } from '../clinical/clinical.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { IdentityModule } from '../identity/identity.module';
import { PrivacyController } from './privacy.controller';
import { PrivacyService } from './privacy.service';

/** A person's copy of their data, and erasure. */
@Module({
  imports: [IdentityModule, IdempotencyModule, ClinicalModule],
  controllers: [PrivacyController],
  providers: [PrivacyService],
})
export class PrivacyModule {}
