import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { PracticeController } from './practice.controller';
import { PracticeLocationsService } from './practice-locations.service';

/** Practice-wide settings kept outside accounts: where the practice sees people in person. */
@Module({
  imports: [IdentityModule],
  controllers: [PracticeController],
  providers: [PracticeLocationsService],
})
export class PracticeModule {}
