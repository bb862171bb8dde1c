import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@hearth/testing';
import { dataSourceOptions } from '../database/data-source';

// The migration that replaced the fixed "London" with each practice's own locations, run over
// data written before it: "London" is kept only where the data refers to it.

const migrationName = 'PracticeLocations1765500000000';

describe('the practice-locations migration over existing data', () => {
  let database: TestDatabase;
  let db: DataSource;

  const practice = async (name: string) =>
    (
      (await db.query(`INSERT INTO practice (name) VALUES ($1) RETURNING id`, [name])) as {
        id: string;
      }[]
    )[0]!.id;
  const therapist = async (practiceId: string, email: string, inPersonLondon: boolean) => {
    const [row] = (await db.query(
      `INSERT INTO person (practice_id, email, display_name, roles, time_zone)
       VALUES ($1, $2, 'Therapist', ARRAY['therapist'], 'Europe/London') RETURNING id`,
      [practiceId, email],
    )) as { id: string }[];
    await db.query(
      `INSERT INTO therapist_profile (person_id, formats, focus_areas, languages, remote, in_person_london)
       VALUES ($1, ARRAY['individual'], ARRAY['grief'], ARRAY['en'], true, $2)`,
      [row!.id, inPersonLondon],
    );
    return row!.id;
  };
  const request = (practiceId: string, reference: string, setting: string) =>
    db.query(
      `INSERT INTO therapy_request (practice_id, reference, name, email, concern, focus_areas,
                                   format, setting, languages, time_zone, availability)
       VALUES ($1, $2, 'Sam', 'sam@example.org', 'Grief', ARRAY['grief'], 'individual', $3,
               ARRAY['en'], 'Europe/London', '[]')`,
      [practiceId, reference, setting],
    );

  /** Back to just before locations existed (undoing any migration after it too). */
  const beforeLocations = async () => {
    for (;;) {
      const applied = (await db.query(`SELECT name FROM migrations`)) as { name: string }[];
      if (!applied.some((m) => m.name === migrationName)) return;
      await db.undoLastMigration({ transaction: 'each' });
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new DataSource(dataSourceOptions({ kind: 'postgres', url: database.url, poolSize: 2 }));
    await db.initialize();
    await db.runMigrations({ transaction: 'each' });
    await beforeLocations();
  }, 120_000);
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('keeps London only for practices whose therapists or requests refer to it', async () => {
    const withTherapist = await practice('Therapist in London');
    const inLondon = await therapist(withTherapist, 'a@example.org', true);
    const remoteOnly = await therapist(withTherapist, 'b@example.org', false);
    await request(withTherapist, 'HR-AAAA-0001', 'remote');

    const withRequests = await practice('Requests for London');
    await request(withRequests, 'HR-AAAA-0002', 'in_person_london');
    await request(withRequests, 'HR-AAAA-0003', 'either');

    const videoOnly = await practice('Video only');
    await therapist(videoOnly, 'c@example.org', false);
    await request(videoOnly, 'HR-AAAA-0004', 'remote');

    await db.runMigrations({ transaction: 'each' });

    const locations = (await db.query(
      `SELECT practice_id, name, position, retired_at FROM practice_location ORDER BY name, practice_id`,
    )) as { practice_id: string; name: string }[];
    expect(locations.map((l) => l.practice_id).sort()).toEqual(
      [withTherapist, withRequests].sort(),
    );
    expect(locations.every((l) => l.name === 'London')).toBe(true);
    const london = (id: string) =>
      db
        .query(`SELECT id FROM practice_location WHERE practice_id = $1`, [id])
        .then((rows: { id: string }[]) => rows[0]!.id);

    expect(await db.query(`SELECT person_id, location_id FROM therapist_location`)).toEqual([
      { person_id: inLondon, location_id: await london(withTherapist) },
    ]);
    expect(
      await db.query(`SELECT 1 FROM therapist_location WHERE person_id = $1`, [remoteOnly]),
    ).toEqual([]);
    const requests = await db.query(
      `SELECT reference, setting, location_id FROM therapy_request ORDER BY reference`,
    );
    const requestsLondon = await london(withRequests);
    expect(requests).toEqual([
      { reference: 'HR-AAAA-0001', setting: 'remote', location_id: null },
      { reference: 'HR-AAAA-0002', setting: 'in_person', location_id: requestsLondon },
      { reference: 'HR-AAAA-0003', setting: 'either', location_id: requestsLondon },
      { reference: 'HR-AAAA-0004', setting: 'remote', location_id: null },
    ]);
    // The old setting is gone for good, and in person always names its location.
    await expect(request(videoOnly, 'HR-AAAA-0005', 'in_person_london')).rejects.toThrow();
    await expect(request(videoOnly, 'HR-AAAA-0006', 'in_person')).rejects.toThrow();
  });

  it('reverts to the London flag and back', async () => {
    await beforeLocations();
    expect(
      await db.query(
        `SELECT setting, count(*)::int AS n FROM therapy_request GROUP BY setting ORDER BY setting`,
      ),
    ).toEqual([
      { setting: 'either', n: 1 },
      { setting: 'in_person_london', n: 1 },
      { setting: 'remote', n: 2 },
    ]);
    expect(
      await db.query(
        `SELECT count(*)::int AS n FROM therapist_profile WHERE in_person_london GROUP BY in_person_london`,
      ),
    ).toEqual([{ n: 1 }]);
    await db.runMigrations({ transaction: 'each' });
    expect(await db.query(`SELECT count(*)::int AS n FROM therapist_location`)).toEqual([{ n: 1 }]);
  });
});
