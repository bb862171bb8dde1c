import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { IdentityModule } from '../identity/identity.module';
import { InvitationsService } from '../identity/invitations.service';
import { CoursesService } from '../scheduling/courses.service';
import { MatchingController } from './matching.controller';
import { MatchingService } from './matching.service';
import { RequestIntakeService } from './request-intake.service';
import { RequestPlacement } from './request-placement';
import { RequestRetentionService } from './request-retention.service';

/**
 * Requests for therapy: the public form, ranked matches, and placement. Placement goes through
 * the same invitation and course services as the rest of the API (stateless, so this module
 * has its own instances rather than reaching into their modules).
 */
@Module({
  imports: [IdentityModule, IdempotencyModule],
  controllers: [MatchingController],
  providers: [
    InvitationsService,
    CoursesService,
    RequestIntakeService,
    RequestPlacement,
    MatchingService,
    RequestRetentionService,
  ],
})
export class MatchingModule {}
