import { DataSource } from 'typeorm';
import { type Config, ConfigError, loadConfig } from '../config/config';
import { dataSourceOptions, openDatabase } from '../database/data-source';

/**
 * Runs one maintenance command against the configured database (DATABASE_URL, or the embedded
 * one in HEARTH_DATA_DIR while the API is stopped) and exits with what it answers: its own code
 * (0 done, 1 found a problem), 78 on bad configuration, 2 when it failed.
 */
export function runCommand(
  name: string,
  /** `read-only`: the schema is taken as it is (no migrations run), for commands that write nothing. */
  access: 'migrate' | 'read-only',
  command: (db: DataSource, config: Config) => Promise<number>,
): void {
  const main = async () => {
    const config = loadConfig(process.env);
    let db: DataSource;
    if (access === 'migrate') {
      db = await openDatabase(config.database);
    } else {
      db = new DataSource(dataSourceOptions(config.database));
      await db.initialize();
    }
    try {
      return await command(db, config);
    } finally {
      await db.destroy();
    }
  };
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof ConfigError) {
        process.stderr.write(`${error.message}\n`);
        process.exit(78);
      }
      process.stderr.write(`${name} failed: ${(error as Error).message}\n`);
      process.exit(2);
    },
  );
}
