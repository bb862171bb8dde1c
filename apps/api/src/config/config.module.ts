import { type DynamicModule, Global, Module } from '@nestjs/common';
import { JsonLogger } from '../logging/json-logger';
import type { Config } from './config';

/** Injection token of the validated {@link Config}. */
export const CONFIG = Symbol('CONFIG');

/** The validated configuration and the one logger, available everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: Config, logger: JsonLogger): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: JsonLogger, useValue: logger },
      ],
      exports: [CONFIG, JsonLogger],
    };
  }
}
