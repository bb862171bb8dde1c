import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  createTestDatabase,
  signUpCoordinator,
  startSmtpServer,
  type TestDatabase,
  type TestSmtpServer,
} from '@hearth/testing';
import { Client } from 'pg';
import { repoRoot } from '../support/paths';
import { startServer, type ServerProcess } from '../support/server';

// `npm run audit:verify` as built: against a database the real server wrote its audit log to,
// it reports the chain intact, and after one row is edited behind the trigger's back, broken at
// that row with a failing exit code.

const run = promisify(execFile);
const verifier = join(repoRoot, 'dist/api/apps/api/src/cli/audit-verify.js');

describe('npm run audit:verify', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    database = await createTestDatabase();
    smtp = await startSmtpServer();
    server = await startServer({ DATABASE_URL: database.url, SMTP_URL: smtp.url });
  });

  afterAll(async () => {
    await server?.stop();
    await smtp?.stop();
    await database?.drop();
  });

  const verify = () =>
    run(process.execPath, [verifier], { env: { ...process.env, DATABASE_URL: database.url } }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );

  it('reports the chain intact, then broken at the row edited', async () => {
    for (const n of [1, 2, 3]) {
      await signUpCoordinator(server.url, smtp, {
        practiceName: `Practice ${n}`,
        displayName: `Coordinator ${n}`,
        email: `audit-verify-${n}@example.org`,
        password: 'a long enough passphrase',
        timeZone: 'Europe/London',
      });
    }
    const db = new Client({ connectionString: database.url });
    await db.connect();
    try {
      // The server seals every two seconds.
      for (let i = 0; i < 60; i += 1) {
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM audit_event WHERE chain_seq IS NULL`,
        );
        if (rows[0].n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      const intact = await verify();
      expect(intact.code).toBe(0);
      expect(intact.stdout).toMatch(/Audit chain intact: [3-9]\d* rows checked/);
      await db.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`);
      await db.query(`UPDATE audit_event SET action = 'practice.renamed' WHERE chain_seq = 2`);
      await db.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`);
    } finally {
      await db.end();
    }
    const broken = await verify();
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('AUDIT CHAIN BROKEN at row 2');
  });
});
