import { Extensions1764115200000 } from './1764115200000-extensions';

/** Every migration, oldest first. Both PostgreSQL and the embedded database run exactly these. */
export const migrations = [Extensions1764115200000];
