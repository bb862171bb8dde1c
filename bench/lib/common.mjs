// What the harnesses that run the API server share: percentiles, a free port, and a fresh
// PostgreSQL database per run on the server the tests use.
import { once } from 'node:events';
import { createServer } from 'node:net';
import pg from 'pg';

/** The PostgreSQL server a harness creates its database on (as the tests do). */
export const postgresServerUrl =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The p-th percentile (nearest rank) of some numbers. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Runs one statement on the PostgreSQL server's maintenance database. */
export async function admin(sql) {
  const c = new pg.Client({ connectionString: postgresServerUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** A TCP port nothing listens on right now. */
export async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  return port;
}
