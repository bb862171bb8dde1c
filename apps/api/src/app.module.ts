import { type DynamicModule, Module } from '@nestjs/common';
import { AgendaModule } from './agenda/agenda.module';
import { CalendarModule } from './calendar/calendar.module';
import { ClinicalModule } from './clinical/clinical.module';
import type { Config } from './config/config';
import { LiveModule } from './live/live.module';
import { MailModule } from './mail/mail.module';
import { MatchingModule } from './matching/matching.module';
import { MetricsModule } from './metrics/metrics.module';
import { PrivacyModule } from './privacy/privacy.module';
import { JsonLogger } from './logging/json-logger';
import { PracticeModule } from './practice/practice.module';
import { ProfilesModule } from './profiles/profiles.module';
import { RemindersModule } from './reminders/reminders.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { IdentityModule } from './identity/identity.module';
import { SchedulingModule } from './scheduling/scheduling.module';
import { SecurityModule } from './security/security.module';

@Module({})
export class AppModule {
  static register(config: Config, logger = new JsonLogger(config.log.level)): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, logger),
        DatabaseModule.forRoot(config.database),
        HealthModule,
        MailModule,
        IdentityModule,
        SchedulingModule,
        CalendarModule,
        RemindersModule,
        ProfilesModule,
        PracticeModule,
        LiveModule,
        ClinicalModule,
        MatchingModule,
        AgendaModule,
        PrivacyModule,
        SecurityModule,
        MetricsModule,
      ],
    };
  }
}
