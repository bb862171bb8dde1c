import { Module } from '@nestjs/common';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { JsonLogger } from '../logging/json-logger';
import { createMailer, MAILER } from './mailer';
import { RemindersService } from './reminders.service';

@Module({
  providers: [
    {
      provide: MAILER,
      inject: [CONFIG, JsonLogger],
      useFactory: (config: Config, logger: JsonLogger) => createMailer(config, logger),
    },
    RemindersService,
  ],
  exports: [RemindersService],
})
export class RemindersModule {}
