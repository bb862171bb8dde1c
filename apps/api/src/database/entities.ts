import type { DataSourceOptions } from 'typeorm';
import { idempotencyEntities } from '../idempotency/idempotency.entity';
import { identityEntities } from '../identity/identity.entities';
import { schedulingEntities } from '../scheduling/scheduling.entities';

/** Every TypeORM entity of the API; features add theirs here. */
export const entities: NonNullable<DataSourceOptions['entities']> = [
  ...identityEntities,
  ...schedulingEntities,
  ...idempotencyEntities,
];
