import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { type ApiClient, createApiClient } from '@hearth/contracts';
import { appOptions, configureApp } from '../app';
import { AppModule } from '../app.module';
import { type Config, loadConfig } from '../config/config';
import { JsonLogger } from '../logging/json-logger';
import type { Actor } from './scheduling-harness';

/** A second API process on the same database and data folder, with its own environment. */
export async function startAnotherNode(
  first: Config,
  databaseUrl: string,
  env: Record<string, string>,
): Promise<{ app: NestExpressApplication; as: (actor: Actor) => ApiClient }> {
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    PORT: '0',
    WEB_DIST_DIR: join(first.dataDir, 'no-web'),
    HEARTH_DATA_DIR: first.dataDir,
    COOKIE_SECURE: 'false',
    REMINDER_INTERVAL_SECONDS: '0',
    SFU_WORKERS: '1',
    SFU_PORT: '0',
    ...env,
  });
  const logger = new JsonLogger('error', () => undefined);
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.register(config, logger)],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>(appOptions(logger));
  configureApp(app, config, logger);
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    as: (actor: Actor): ApiClient =>
      createApiClient({ baseUrl, headers: () => ({ authorization: `Bearer ${actor.token}` }) }),
  };
}
