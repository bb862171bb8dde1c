import { DataSource, type DataSourceOptions } from 'typeorm';
import type { Config } from '../config/config';
import { embeddedDriver } from './embedded-pool';
import { entities } from './entities';
import { migrations } from './migrations';

export type DatabaseConfig = Config['database'];

/** TypeORM options for either PostgreSQL or the embedded database; schema comes only from migrations. */
export function dataSourceOptions(database: DatabaseConfig): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    // Each migration commits on its own, so a failure leaves the schema at the last good step.
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    migrationsRun: false,
    logging: false,
    // Extensions are created by migrations, never behind our back; gen_random_uuid() is core
    // PostgreSQL, so uuid columns need no uuid-ossp (which the embedded database lacks).
    installExtensions: false,
    uuidExtension: 'pgcrypto' as const,
  };
  if (database.kind === 'postgres') {
    return {
      ...common,
      url: database.url,
      poolSize: database.poolSize,
      applicationName: 'hearth-api',
      connectTimeoutMS: 5_000,
      extra: { statement_timeout: 30_000, idle_in_transaction_session_timeout: 60_000 },
    };
  }
  return { ...common, driver: embeddedDriver({ dataDir: database.dataDir }) };
}

/** Opens the database and brings its schema up to date. */
export async function openDatabase(database: DatabaseConfig): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(database));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
