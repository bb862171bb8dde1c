import type { DynamicModule, Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { createTestDatabase, type TestDatabase } from '@hearth/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appOptions, configureApp } from '../app';
import { AppModule } from '../app.module';
import { loadConfig } from '../config/config';
import { ClusterService } from '../live/cluster.service';
import { JsonLogger } from '../logging/json-logger';
import { SiteUrl } from '../mail/site-url';

export interface TestApp {
  readonly app: NestExpressApplication;
  readonly baseUrl: string;
  readonly database: TestDatabase;
  /** Log lines the app wrote, for assertions about what is (not) logged. */
  readonly logLines: string[];
  close(): Promise<void>;
}

/**
 * The whole API on a fresh database of the real PostgreSQL server, listening on a free port of
 * 127.0.0.1, exactly as `createApp` builds it (plus any test-only modules).
 */
export async function startTestApp(
  options: { env?: Record<string, string>; imports?: (Type | DynamicModule)[] } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'hearth-api-test-'));
  const config = loadConfig({
    DATABASE_URL: database.url,
    PORT: '0',
    WEB_DIST_DIR: join(dataDir, 'no-web'),
    HEARTH_DATA_DIR: dataDir,
    COOKIE_SECURE: 'false',
    // Tests drive reminders by calling the service with their own clock.
    REMINDER_INTERVAL_SECONDS: '0',
    // One media worker on free ports, so test files running side by side do not collide.
    SFU_WORKERS: '1',
    SFU_PORT: '0',
    ...options.env,
  });
  const logLines: string[] = [];
  const logger = new JsonLogger('debug', (line) => logLines.push(line));
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.register(config, logger), ...(options.imports ?? [])],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>(appOptions(logger));
  configureApp(app, config, logger);
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  app.get(ClusterService).setUrl(baseUrl);
  app.get(SiteUrl).listening(baseUrl);
  return {
    app,
    baseUrl,
    database,
    logLines,
    async close() {
      await app.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
