import { ApiError, type CourseCreateBody } from '@hearth/contracts';
import {
  signUpPractice,
  startSmtpServer,
  type Person,
  type Practice,
  type TestSmtpServer,
} from '@hearth/testing';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from './test-app';
import { queryRows } from '../database/rows';
import { z } from 'zod';

// Shared set-up for the integration tests: an app on a fresh database, and practices and people
// made through the real identity routes (@hearth/testing), so every token is a real one.

export { type Json, type Practice, type Reply } from '@hearth/testing';

/** A signed-in person and ways to call the API as them (typed, or raw). */
export type Actor = Person;

export interface SchedulingHarness {
  readonly t: TestApp;
  readonly db: DataSource;
  /** The real SMTP server the app sends to (practices are confirmed from what it receives). */
  readonly mail: TestSmtpServer;
  /** A practice in Europe/London, its coordinator signed in. */
  practice(name?: string): Promise<Practice>;
  close(): Promise<void>;
}

let practices = 0;

/**
 * Starts the app with its mail going to `mail` (a test's own SMTP server, when it asserts on
 * what arrives) or to an SMTP server of the harness's own.
 */
export async function startSchedulingApp(
  env: Record<string, string> = {},
  mail?: TestSmtpServer,
): Promise<SchedulingHarness> {
  const smtp = mail ?? (await startSmtpServer());
  const t = await startTestApp({ env: { TRUST_PROXY: 'true', SMTP_URL: smtp.url, ...env } });
  return {
    t,
    db: t.app.get(DataSource),
    mail: smtp,
    practice(name = 'Northside IPT') {
      practices += 1;
      return signUpPractice(t.baseUrl, smtp, name, `Coordinator ${practices}`, 'Europe/London');
    },
    async close() {
      await t.close();
      if (!mail) await smtp.stop();
    },
  };
}

/** A course body with sensible defaults: a 12-session couple course on Mondays at 10:00 London. */
export function courseBody(overrides: Partial<CourseCreateBody> & { therapistId: string }) {
  return {
    title: 'Course',
    format: 'couple',
    focusAreas: ['disputes'],
    timeZone: 'Europe/London',
    weekday: 1,
    localTime: '10:00',
    startDate: '2027-01-04',
    ...overrides,
  } satisfies CourseCreateBody;
}

/** The status and error of a typed call that is expected to fail. */
export async function failure(call: Promise<unknown>): Promise<ApiError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** Counts rows of a scheduling table, optionally filtered by a SQL condition. */
export async function count(
  db: DataSource,
  table: string,
  where = 'true',
  params: unknown[] = [],
): Promise<number> {
  const [row] = await queryRows(
    db,
    'count rows',
    z.strictObject({ n: z.number().int() }),
    `SELECT count(*)::int AS n FROM ${table} WHERE ${where}`,
    params,
  );
  return row!.n;
}
