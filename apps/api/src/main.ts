import { isDomainError } from '@hearth/domain';
import { isSfuError } from '@hearth/sfu';
import { ConfigError, loadConfig } from './config/config';
import { JsonLogger } from './logging/json-logger';
import { installProcessPolicy } from './process-policy';
import { startApp } from './app';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Hearth cannot start. ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  // Readable lines for a person at a terminal; JSON lines for a collector (or when asked).
  const format = config.log.format ?? (process.stdout.isTTY ? 'text' : 'json');
  const logger = new JsonLogger(config.log.level, undefined, format);
  // Log and carry on only after a coded refusal; anything else exits for the supervisor.
  installProcessPolicy(process, {
    log: (level, message, fields) => logger.event(level, message, fields, 'process'),
    isSafe: (reason) => isDomainError(reason) || isSfuError(reason),
  });
  const running = await startApp(config, logger);
  logger.event(
    'info',
    `Hearth is running at ${running.url}`,
    {
      url: running.url,
      database: config.database.kind,
      env: config.env,
    },
    'main',
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.event('info', 'shutting down', { signal }, 'main');
    const timer = setTimeout(() => {
      logger.event(
        'error',
        'shutdown timed out; exiting',
        { timeoutMs: config.shutdownTimeoutMs },
        'main',
      );
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    running.close().then(
      () => {
        logger.event('info', 'stopped', {}, 'main');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error(
          error instanceof Error ? error.message : String(error),
          error instanceof Error ? error.stack : undefined,
          'main',
        );
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`Hearth failed to start: ${message}\n`);
  process.exit(1);
});
