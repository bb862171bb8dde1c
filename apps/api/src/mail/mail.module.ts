import { Global, Module } from '@nestjs/common';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { JsonLogger } from '../logging/json-logger';
import { MailController } from './mail.controller';
import { MailOutboxService } from './mail-outbox.service';
import { MailProblemsService } from './mail-problems.service';
import { MAILER, createMailer } from './mailer';
import { SiteUrl } from './site-url';

/** Outgoing email: one mailer and one outbox for the whole API. */
@Global()
@Module({
  controllers: [MailController],
  providers: [
    {
      provide: MAILER,
      inject: [CONFIG, JsonLogger],
      useFactory: (config: Config, logger: JsonLogger) => createMailer(config, logger),
    },
    MailOutboxService,
    MailProblemsService,
    SiteUrl,
  ],
  exports: [MailOutboxService, SiteUrl],
})
export class MailModule {}
