import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { IdentityModule } from '../identity/identity.module';
import { CoursesController } from './courses.controller';
import { CoursesService } from './courses.service';
import { RosterPlacesService } from './roster-places.service';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

/** Courses, rosters and sessions: the scheduling REST API. */
@Module({
  imports: [IdentityModule, IdempotencyModule],
  controllers: [CoursesController, SessionsController],
  providers: [CoursesService, RosterPlacesService, SessionsService],
})
export class SchedulingModule {}
