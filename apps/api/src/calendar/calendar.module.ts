import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';

@Module({
  imports: [IdentityModule],
  controllers: [CalendarController],
  providers: [CalendarService],
})
export class CalendarModule {}
