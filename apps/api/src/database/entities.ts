import type { DataSourceOptions } from 'typeorm';
import { identityEntities } from '../identity/identity.entities';

/** Every TypeORM entity of the API; features add theirs here. */
export const entities: NonNullable<DataSourceOptions['entities']> = [...identityEntities];
