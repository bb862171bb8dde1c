import type { DataSourceOptions } from 'typeorm';

/** Every TypeORM entity of the API; features add theirs here. */
export const entities: NonNullable<DataSourceOptions['entities']> = [];
