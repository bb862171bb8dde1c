import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@hearth/testing';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../database/data-source';

// The audit log is append-only in the database itself, for the role that owns the tables (what
// the API connects as by default) and for a separate application role alike; the embedded
// database runs the same migrations.

async function seed(db: DataSource): Promise<{ practiceId: string; personId: string }> {
  const [practice] = await db.query(
    `INSERT INTO practice (name) VALUES ('Audit IPT') RETURNING id`,
  );
  const [person] = await db.query(
    `INSERT INTO person (practice_id, email, display_name, roles, time_zone)
     VALUES ($1, $2, 'Casey', ARRAY['coordinator'], 'Europe/London') RETURNING id`,
    [practice.id, `casey-${randomBytes(4).toString('hex')}@example.org`],
  );
  await db.query(
    `INSERT INTO audit_event (practice_id, actor_id, action, entity, entity_id)
     VALUES ($1, $2, 'person.listed', 'person', NULL)`,
    [practice.id, person.id],
  );
  await db.query(
    `INSERT INTO clinical_restriction (practice_id, person_id, reason, restricted_by)
     VALUES ($1, $2, 'Asked to be forgotten', $2)`,
    [practice.id, person.id],
  );
  return { practiceId: practice.id, personId: person.id };
}

const changes = [
  `UPDATE audit_event SET action = 'person.forgotten'`,
  `DELETE FROM audit_event`,
  `TRUNCATE audit_event`,
  `UPDATE clinical_restriction SET reason = 'rewritten'`,
  `DELETE FROM clinical_restriction`,
  `TRUNCATE clinical_restriction`,
];

async function expectAppendOnly(db: DataSource): Promise<void> {
  for (const change of changes) {
    await expect(db.query(change)).rejects.toThrow(/append-only/);
  }
  const [row] = await db.query(
    `SELECT (SELECT count(*) FROM audit_event)::int AS audit,
            (SELECT count(*) FROM audit_event WHERE action = 'person.listed')::int AS untouched,
            (SELECT reason FROM clinical_restriction) AS reason`,
  );
  expect(row).toEqual({ audit: 1, untouched: 1, reason: 'Asked to be forgotten' });
}

describe('the audit log', () => {
  let database: TestDatabase;
  let postgres: DataSource;
  const appRole = `hearth_app_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    database = await createTestDatabase();
    postgres = await openDatabase({ kind: 'postgres', url: database.url, poolSize: 1 });
    await seed(postgres);
  });

  afterAll(async () => {
    await postgres?.query(`DROP OWNED BY ${appRole}`).catch(() => undefined);
    await postgres?.query(`DROP ROLE IF EXISTS ${appRole}`).catch(() => undefined);
    await postgres?.destroy();
    await database?.drop();
  });

  it('refuses updates, deletes and truncation by the role that owns it', async () => {
    await expectAppendOnly(postgres);
  });

  it('refuses them to an application role even with every privilege granted', async () => {
    await postgres.query(`CREATE ROLE ${appRole}`);
    await postgres.query(`GRANT ALL ON audit_event, clinical_restriction TO ${appRole}`);
    await postgres.query(`SET ROLE ${appRole}`);
    try {
      await expectAppendOnly(postgres);
    } finally {
      await postgres.query('RESET ROLE');
    }
  });

  it('with the documented grant (INSERT and SELECT only), refuses them before the trigger does', async () => {
    await postgres.query(`REVOKE ALL ON audit_event, clinical_restriction FROM ${appRole}`);
    await postgres.query(`GRANT SELECT, INSERT ON audit_event, clinical_restriction TO ${appRole}`);
    await postgres.query(`SET ROLE ${appRole}`);
    try {
      await expect(postgres.query(`UPDATE audit_event SET action = 'x'`)).rejects.toThrow(
        /permission denied/,
      );
      await expect(postgres.query(`DELETE FROM audit_event`)).rejects.toThrow(/permission denied/);
      const [{ n }] = await postgres.query(`SELECT count(*)::int AS n FROM audit_event`);
      expect(n).toBe(1);
    } finally {
      await postgres.query('RESET ROLE');
    }
  });

  // The embedded database migrates from scratch first: tens of seconds on a busy machine.
  it('is append-only on the embedded database too', async () => {
    const embedded = await openDatabase({ kind: 'embedded', dataDir: 'memory://' });
    try {
      await seed(embedded);
      await expectAppendOnly(embedded);
    } finally {
      await embedded.destroy();
    }
  }, 180_000);
});
