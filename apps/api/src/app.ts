import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import { AppModule } from './app.module';
import type { Config } from './config/config';
import { toErrorResponse } from './http/error-response';
import { ErrorFilter } from './http/error.filter';
import { SiteUrl } from './mail/site-url';
import { ClusterService } from './live/cluster.service';
import { JsonLogger } from './logging/json-logger';
import { MetricsService } from './metrics/metrics.service';
import { WatchedIoAdapter } from './metrics/socket-adapter';
import { requestLogging } from './logging/request-logging.middleware';
import { mountOpenApi } from './openapi/openapi';
import { cookieRequestOrigin } from './security/csrf';
import { rateLimitHeaders } from './security/rate-limit-headers';
import { corsAllowList, securityHeaders } from './security/security-headers';
import { mountWebApp } from './web/static-web';

export const apiVersion = '0.1.0';

// Larger than any form Hearth has; anything bigger is a mistake or an attack.
const bodyLimit = '256kb';

export interface RunningApp {
  readonly app: NestExpressApplication;
  readonly url: string;
  close(): Promise<void>;
}

/** Options every Hearth Nest application is created with. */
export function appOptions(logger: JsonLogger) {
  // Body parsing is ours (configureApp) so that its errors get the same JSON shape as all others.
  return { bodyParser: false, logger, abortOnError: false } as const;
}

/** Builds the whole API (and, when built, the web app) on one Express server. */
export async function createApp(
  config: Config,
  logger = new JsonLogger(config.log.level),
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.register(config, logger),
    appOptions(logger),
  );
  configureApp(app, config, logger);
  return app;
}

/** Middleware, error handling, docs and the web app around the Nest routes. */
export function configureApp(
  app: NestExpressApplication,
  config: Config,
  logger: JsonLogger,
): void {
  const http = app.getHttpAdapter().getInstance() as express.Express;
  http.disable('x-powered-by');
  http.set('trust proxy', config.trustProxy);
  const metrics = app.get(MetricsService);
  app.use(metrics.httpMiddleware());
  app.useWebSocketAdapter(new WatchedIoAdapter(app, (server) => metrics.watchSockets(server)));
  app.use(requestLogging(logger), rateLimitHeaders());
  // Before everything else, so that errors and the web app's files carry the headers too.
  app.use(securityHeaders(config), corsAllowList(config), cookieRequestOrigin(config));
  app.use(express.json({ limit: bodyLimit }));
  app.use(cookieParser());
  // Body-parser failures happen before Nest sees the request, so they get the same JSON shape here.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const { status, body } = toErrorResponse(error);
    res.status(status).json(body);
  });
  mountOpenApi(http, apiVersion);
  // Detail for debugging; the start-up line people read says where Hearth is running.
  if (mountWebApp(http, config.web.distDir)) {
    logger.event('debug', 'serving the web app', {}, 'web');
  }
  app.useGlobalFilters(new ErrorFilter(logger));
}

/** Starts listening; the returned URL has the real port when the configured one is 0. */
export async function startApp(
  config: Config,
  logger = new JsonLogger(config.log.level),
): Promise<RunningApp> {
  const app = await createApp(config, logger);
  await app.listen(config.http.port, config.http.host);
  const address = app.getHttpServer().address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url =
    config.http.publicUrl ??
    `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
  app.get(SiteUrl).listening(url);
  // With several nodes, this is where the others send a session's people (unless NODE_URL says).
  app
    .get(ClusterService)
    .setUrl(`http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`);
  return { app, url, close: () => app.close() };
}
